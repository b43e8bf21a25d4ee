package org.attune.driver.libvirt.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.attune.api.driver.HypervisorDriver;
import org.attune.api.probe.Probe;
import org.attune.driver.libvirt.HostSettings;
import org.attune.driver.libvirt.internal.config.HostDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LibvirtDriver} with its own reference to the libvirt runtime and a fixed set of hosts, for code outside
 * OSGi: does what the driver component does on activation and deactivation, and owns the driver's lifecycle.
 */
public final class StandaloneDriver implements AutoCloseable {

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

    /** The driver; its operations, not its lifecycle (that is {@link #close()}'s). */
    public HypervisorDriver driver() {
        return driver;
    }

    /** The driver's cpu probe: the same instance on every call. */
    public Probe cpuProbe() {
        return probe;
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
