package org.attune.driver.libvirt;

import java.util.Collection;

import org.attune.api.driver.DriverException;
import org.attune.api.driver.DriverStatus;
import org.attune.api.driver.GuestSpec;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.probe.Probe;
import org.attune.driver.libvirt.internal.StandaloneDriver;

/**
 * The libvirt driver with a fixed set of hosts, owned by the code that {@link #open opened} it instead of by OSGi:
 * the same implementation as the bundle's {@code attune.driver.type=libvirt} service. All hosts belong to one driver
 * (id {@code libvirt}), so guests migrate between any two of them.
 *
 * <p><b>Threading:</b> every method may be called from any thread, concurrently. Each host has a thread of its own
 * that makes every libvirt call for it; libvirt's event loop runs on one daemon thread per JVM, shared (reference
 * counted) by every libvirt driver in the JVM, the bundle's included.
 * <p><b>Blocking:</b> {@link #open} returns at once: the libvirt library loads and the hosts connect in the
 * background, each host reporting {@code OFFLINE} ("connecting to ...") until it is {@code ONLINE}; wait for that
 * on {@link #inventory()}. {@link #inventory()}, {@link #status()} and the {@link #cpuProbe() probe}'s samples never
 * block. Guest operations block at most the host's operation timeout ({@link #stopGuest} also its shutdown timeout);
 * {@link #migrate} returns once the migration has started. {@link #close()} blocks at most 30 seconds.
 * <p><b>Errors:</b> as {@link HypervisorDriver}: anticipated failures are {@link
 * org.attune.api.driver.DriverException}s naming the guest or host. An unreachable host is {@code OFFLINE} with a
 * detail and is reconnected with backoff; a missing libvirt library (package {@code libvirt0}) makes
 * {@link #status()} {@code OFFLINE} with a detail saying so. Neither is thrown.
 */
public final class StandaloneLibvirtDriver implements HypervisorDriver, AutoCloseable {

    // A class, not an interface the implementation implements: the implementation never depends on this type.
    private final StandaloneDriver owner;
    private final HypervisorDriver driver;

    private StandaloneLibvirtDriver(StandaloneDriver owner) {
        this.owner = owner;
        this.driver = owner.driver();
    }

    /**
     * Starts a driver for these hosts (in this order); returns at once, see the class comment.
     *
     * @param hosts the hosts, with distinct names; may be empty
     * @throws IllegalArgumentException when two hosts have the same name
     * @throws NullPointerException     when {@code hosts} or one of them is null
     */
    public static StandaloneLibvirtDriver open(Collection<HostSettings> hosts) {
        return new StandaloneLibvirtDriver(new StandaloneDriver(hosts));
    }

    /**
     * The driver's {@code cpu} probe (metrics {@code cpu.utilization} and {@code cpu.demand} of guests and hosts),
     * as the bundle registers it: the same instance on every call; {@code sample} returns at once from the hosts'
     * latest poll. It has no thread of its own and samples nothing once the driver is closed.
     */
    public Probe cpuProbe() {
        return owner.cpuProbe();
    }

    @Override
    public String id() {
        return driver.id();
    }

    @Override
    public DriverStatus status() {
        return driver.status();
    }

    @Override
    public Inventory inventory() {
        return driver.inventory();
    }

    @Override
    public MigrationJob migrate(String guestId, String targetHostId, MigrationOptions options) throws DriverException {
        return driver.migrate(guestId, targetHostId, options);
    }

    @Override
    public void startGuest(String guestId) throws DriverException {
        driver.startGuest(guestId);
    }

    @Override
    public void stopGuest(String guestId) throws DriverException {
        driver.stopGuest(guestId);
    }

    @Override
    public String defineGuest(String hostId, GuestSpec spec) throws DriverException {
        return driver.defineGuest(hostId, spec);
    }

    @Override
    public void undefineGuest(String guestId) throws DriverException {
        driver.undefineGuest(guestId);
    }

    /**
     * Stops the driver: migrations in flight are aborted, every host's connection is closed (waited for at most 30
     * seconds, then a warning is logged) and the shared libvirt runtime is given back. Afterwards the inventory is
     * empty and operations throw. Idempotent; does not throw.
     */
    @Override
    public void close() {
        owner.close();
    }
}
