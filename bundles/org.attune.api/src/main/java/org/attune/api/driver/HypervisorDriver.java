package org.attune.api.driver;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hypervisor driver manages a set of hosts and the guests on them (a simulated cluster, a set of
 * libvirt daemons, ...). Registered as an OSGi service with the property {@link #TYPE}.
 *
 * <p><b>Threading:</b> every method may be called from any thread, concurrently.
 * <p><b>Blocking:</b> {@link #inventory()} and {@link #status()} must return quickly from a cached
 * state and never wait for the network. {@link #migrate} returns as soon as the migration is started;
 * its progress and outcome are reported through the returned {@link MigrationJob}. The other methods may
 * block for a bounded time (the driver's own timeout).
 * <p><b>Errors:</b> anticipated failures (host unreachable, guest unknown, hypervisor refused) are thrown
 * as {@link DriverException} with a message that names the guest or host and says what is wrong; a
 * failing migration completes its job with {@link MigrationResult.Outcome#FAILED}, it does not throw.
 */
@ConsumerType
public interface HypervisorDriver {

    /** Service property: the kind of driver, e.g. {@code sim} or {@code libvirt}. */
    String TYPE = "attune.driver.type";

    /** Unique id of this driver instance; {@link org.attune.api.Host#driverId()} refers to it. */
    String id();

    /** The driver's overall status. */
    DriverStatus status();

    /** The driver's current view of its hosts, guests and placement. Never blocks. */
    Inventory inventory();

    /**
     * Starts migrating a guest to another host of this driver.
     *
     * @throws DriverException when the migration cannot even start (unknown guest or host, host offline,
     *                         a migration of that guest already running, not enough memory on the target)
     */
    MigrationJob migrate(String guestId, String targetHostId, MigrationOptions options) throws DriverException;

    /** Starts a stopped guest. */
    void startGuest(String guestId) throws DriverException;

    /** Stops a running guest (graceful where possible, forced after the driver's timeout). */
    void stopGuest(String guestId) throws DriverException;

    /**
     * Defines a new guest on a host and starts it (since 1.1.0).
     *
     * @return the new guest's id (its UUID)
     * @throws DriverException when the host is unknown or offline, a guest of that name exists, or the hypervisor
     *                         refuses the definition; nothing is left defined then
     */
    default String defineGuest(String hostId, GuestSpec spec) throws DriverException {
        throw new DriverException("driver " + id() + " does not support defining guests");
    }

    /**
     * Stops a guest (forced) and removes its definition (since 1.1.0). The guest's storage is not touched.
     *
     * @throws DriverException when the guest is unknown or the hypervisor refuses
     */
    default void undefineGuest(String guestId) throws DriverException {
        throw new DriverException("driver " + id() + " does not support removing guests");
    }
}
