package org.attune.api.driver;

/** An anticipated driver failure. The message names what is wrong and is fit for a user. */
public class DriverException extends Exception {

    private static final long serialVersionUID = 1L;

    public DriverException(String message) {
        super(message);
    }

    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
