package org.attune.driver.sim.internal.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.probe.Probe;

/**
 * Publishes what the simulated cluster computed in its latest step: per host {@code cpu.utilization},
 * {@code cpu.demand} (share of capacity, may exceed 1) and {@code power.watts}; per guest {@code cpu.demand}
 * (MIPS) and {@code cpu.utilization} (allocated over {@code vcpus x coreMips} of its host). Never blocks for
 * long: it copies the engine's latest readings. Thread-safe.
 */
public final class SimProbe implements Probe {

    /** Value of the {@link Probe#NAME} service property. */
    public static final String NAME = "sim";

    /** Value of the {@link Probe#METRIC} service property. */
    public static final List<String> METRICS = List.of(Metrics.CPU_UTILIZATION, Metrics.CPU_DEMAND, Metrics.POWER_WATTS);

    private final SimCluster cluster;

    public SimProbe(SimCluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Sample> sample(Instant now) {
        SimReadings r = cluster.readings();
        List<Sample> samples = new ArrayList<>(r.hosts().size() * 3 + r.guests().size() * 2);
        for (HostReading h : r.hosts()) {
            Subject s = Subject.host(h.hostId());
            samples.add(new Sample(s, Metrics.CPU_UTILIZATION, h.utilization(), now));
            samples.add(new Sample(s, Metrics.CPU_DEMAND, h.demandShare(), now));
            samples.add(new Sample(s, Metrics.POWER_WATTS, h.watts(), now));
        }
        for (GuestReading g : r.guests()) {
            Subject s = Subject.guest(g.guestId());
            samples.add(new Sample(s, Metrics.CPU_DEMAND, g.demand(), now));
            samples.add(new Sample(s, Metrics.CPU_UTILIZATION, g.utilization(), now));
        }
        return samples;
    }
}
