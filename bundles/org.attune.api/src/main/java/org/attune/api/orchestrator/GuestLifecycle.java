package org.attune.api.orchestrator;

import java.util.List;

import org.attune.api.Guest;
import org.attune.api.driver.DriverException;
import org.attune.api.provision.ProvisioningException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates and destroys guests end to end (since 1.1.0): every {@link org.attune.api.provision.Provisioner} in
 * order (DHCP reservation, NFS export, ...), then the driver defines and starts the guest; destroy undoes it in
 * reverse order.
 *
 * <p><b>Threading:</b> thread-safe; operations on the same guest name are serialised. <b>Blocking:</b> blocks
 * for the provisioners' and the driver's bounded timeouts. <b>Errors:</b> bad input is an
 * {@link IllegalArgumentException}; a failure part-way through {@link #create} rolls back the steps already done
 * and is thrown as the step's exception.
 */
@ProviderType
public interface GuestLifecycle {

    /**
     * Provisions, defines and starts a guest.
     *
     * @return the guest as created, with the provisioners' facts among its labels
     *         ({@link org.attune.api.provision.Provisioner#LABEL_ADDRESS}, ...)
     */
    Guest create(GuestRequest request) throws ProvisioningException, DriverException;

    /**
     * Stops and undefines the guest, then removes what the provisioners made for it; {@code deleteData} also
     * deletes its files. Continues past failures and reports them all in the exception's message.
     */
    void destroy(String name, boolean deleteData) throws ProvisioningException, DriverException;

    /** Guests created through this lifecycle and not destroyed since, with their facts as labels. */
    List<Guest> guests();
}
