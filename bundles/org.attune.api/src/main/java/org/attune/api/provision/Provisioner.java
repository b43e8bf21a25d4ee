package org.attune.api.provision;

import org.attune.api.Guest;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Provides what a guest needs outside the hypervisor: a DHCP reservation, an NFS export, ...
 * Registered as an OSGi service with the property {@link #NAME}.
 *
 * <p><b>Threading:</b> may be called from several threads for different guests.
 * <p><b>Blocking:</b> may block for a bounded time (the provisioner's own timeout).
 * <p><b>Errors:</b> {@link ProvisioningException} with a message naming the guest and what is wrong; a
 * failing {@link #provision} must leave nothing behind.
 */
@ConsumerType
public interface Provisioner {

    /** Service property: the provisioner's name, e.g. {@code dhcp}. */
    String NAME = "attune.provisioner.name";

    String name();

    /** Called before a guest is defined on a host. */
    void provision(Guest guest) throws ProvisioningException;

    /** Called after a guest has moved from one host to another. */
    default void migrated(Guest guest, String fromHostId, String toHostId) throws ProvisioningException {
    }

    /** Called after a guest has been removed; {@code deleteData} asks to delete its data too. */
    void deprovision(Guest guest, boolean deleteData) throws ProvisioningException;
}
