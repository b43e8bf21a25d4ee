package org.attune.driver.libvirt.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.attune.api.driver.DriverException;
import org.attune.api.driver.DriverStatus;
import org.attune.api.driver.GuestSpec;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.probe.Probe;
import org.attune.driver.libvirt.HostSettings;
import org.attune.driver.libvirt.internal.config.HostDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LibvirtDriver} with its own reference to the libvirt runtime and a fixed set of hosts, for code outside
 * OSGi. Does what the driver component does on activation and deactivation.
 */
public final class StandaloneDriver implements HypervisorDriver, AutoCloseable {

    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneDriver.class);

    private final LibvirtRuntime runtime;
    private final LibvirtDriver driver;
    private final LibvirtCpuProbe probe;
    private final AtomicBoolean closed = new AtomicBoolean();

    public StandaloneDriver(Collection<HostSettings> hosts) {
        List<HostSettings> list = List.copyOf(hosts);
        Set<String> names = new HashSet<>();
        for (HostSettings h : list) {
            if (!names.add(h.name())) {
                throw new IllegalArgumentException("host name '" + h.name() + "' is given twice");
            }
        }
        runtime = LibvirtRuntime.acquire();
        driver = new LibvirtDriver(runtime);
        probe = new LibvirtCpuProbe(driver);
        for (HostSettings h : list) {
            driver.bind(HostDefinition.valid("host settings " + h.name(), h));
        }
    }

    /** The driver itself; for tests. */
    LibvirtDriver driver() {
        return driver;
    }

    /** The driver's cpu probe: the same instance on every call. */
    public Probe cpuProbe() {
        return probe;
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

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // Connections must be closed before the event loop stops.
            driver.close().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while closing libvirt connections");
        } catch (Exception e) {
            LOG.warn("libvirt connections not all closed within {} s", CLOSE_WAIT.toSeconds());
        } finally {
            LibvirtRuntime.release(runtime);
        }
    }
}
