package org.attune.driver.libvirt.internal;

import java.time.Instant;
import java.util.List;

import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.probe.Probe;

/**
 * The libvirt driver's {@code cpu} probe: guests' and hosts' CPU utilisation and demand, from the CPU-time counters
 * the hosts read every poll interval (see {@link LibvirtDriver#cpuSamples}). Returns at once.
 */
public final class LibvirtCpuProbe implements Probe {

    public static final String NAME = "cpu";
    public static final List<String> METRICS = List.of(Metrics.CPU_UTILIZATION, Metrics.CPU_DEMAND);

    private final LibvirtDriver driver;

    public LibvirtCpuProbe(LibvirtDriver driver) {
        this.driver = driver;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Sample> sample(Instant now) {
        return driver.cpuSamples(now);
    }
}
