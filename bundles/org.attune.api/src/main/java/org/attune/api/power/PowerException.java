package org.attune.api.power;

/**
 * An anticipated power-control failure (BMC unreachable, authentication refused, host unknown). The message
 * names the host and says what is wrong; it never contains a credential.
 */
public class PowerException extends Exception {

    private static final long serialVersionUID = 1L;

    public PowerException(String message) {
        super(message);
    }

    public PowerException(String message, Throwable cause) {
        super(message, cause);
    }
}
