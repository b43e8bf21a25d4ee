package org.attune.api.provision;

import java.util.Map;

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

    /**
     * Service property (Integer, since 1.1.0): provisioners run in ascending order on creation and in descending
     * order on removal; a provisioner that needs another's facts (NFS needs the DHCP address) orders after it.
     */
    String ORDER = "attune.provisioner.order";

    /** Guest label (since 1.1.0): the guest's IPv4 address; a request may set it, the DHCP provisioner fills it. */
    String LABEL_ADDRESS = "attune.address";

    /** Guest label (since 1.1.0): the NFS server address the guest mounts its files from. */
    String LABEL_NFS_SERVER = "attune.nfs.server";

    /** Guest label (since 1.1.0): the path the guest mounts on {@link #LABEL_NFS_SERVER}. */
    String LABEL_NFS_PATH = "attune.nfs.path";

    String name();

    /** Called before a guest is defined on a host. */
    void provision(Guest guest) throws ProvisioningException;

    /**
     * Like {@link #provision} and returns facts that later provisioners and the driver need, as guest labels
     * (e.g. {@link #LABEL_ADDRESS}); the caller adds them to the guest's labels before the next step (since 1.1.0).
     * The default calls {@link #provision} and returns no facts.
     */
    default Map<String, String> provisionWithFacts(Guest guest) throws ProvisioningException {
        provision(guest);
        return Map.of();
    }

    /**
     * Undoes a {@link #provisionWithFacts} of the same guest because a later step of its creation failed (since
     * 1.1.0): unlike {@link #deprovision}, it also removes data that this provisioning created (and only that).
     * The default calls {@code deprovision(guest, false)}.
     */
    default void rollback(Guest guest) throws ProvisioningException {
        deprovision(guest, false);
    }

    /** Called after a guest has moved from one host to another. */
    default void migrated(Guest guest, String fromHostId, String toHostId) throws ProvisioningException {
    }

    /** Called after a guest has been removed; {@code deleteData} asks to delete its data too. */
    void deprovision(Guest guest, boolean deleteData) throws ProvisioningException;
}
