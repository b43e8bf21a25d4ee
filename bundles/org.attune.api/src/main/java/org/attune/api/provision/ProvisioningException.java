package org.attune.api.provision;

/** A provisioning failure whose message names the guest and what is wrong. */
public class ProvisioningException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
