package org.attune.driver.sim.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.attune.driver.sim.GuestReading;
import org.attune.driver.sim.HostReading;
import org.attune.driver.sim.SimReadings;
import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.probe.Probe;
import org.attune.probe.cpu.CpuRate;
import org.attune.probe.cpu.CpuRateCalculator;

/**
 * Publishes the simulated cluster as of its engine's time: per host {@code cpu.utilization},
 * {@code cpu.demand} (share of capacity, may exceed 1) and {@code power.watts}; per guest {@code cpu.demand}
 * (MIPS) and {@code cpu.utilization}.
 *
 * <p>A guest's utilization is measured the way the libvirt driver measures it: from its cumulative CPU-time
 * counter, through the shared {@link CpuRateCalculator} of {@code org.attune.probe.cpu}, over the simulated
 * time between two readings. The counter restarts when a migration ends, so right after a migration (and
 * on the first reading) a guest has no utilization sample until simulated time has moved on, as on real hosts.
 *
 * <p>Never blocks for long: it copies the engine's latest readings. Thread-safe.
 */
public final class SimProbe implements Probe {

    /** Value of the {@link Probe#NAME} service property. */
    public static final String NAME = "sim";

    /** Value of the {@link Probe#METRIC} service property. */
    public static final List<String> METRICS = List.of(Metrics.CPU_UTILIZATION, Metrics.CPU_DEMAND, Metrics.POWER_WATTS);

    private final SimCluster cluster;
    // Any positive interval of simulated time yields a rate: the engine's time is exact, not polling noise.
    private final CpuRateCalculator<String> guestCpu = new CpuRateCalculator<>(Duration.ZERO);
    private Instant lastReadingTime;

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
        updateCounters(r);
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
            Optional<CpuRate> rate = guestCpu.latest(g.guestId());
            rate.ifPresent(cpu -> samples.add(new Sample(s, Metrics.CPU_UTILIZATION, cpu.utilization(), now)));
        }
        return samples;
    }

    /** Feeds each guest's counter once per simulated instant; probing twice at one instant must not look like a reset. */
    private synchronized void updateCounters(SimReadings r) {
        if (r.time().equals(lastReadingTime)) {
            return;
        }
        lastReadingTime = r.time();
        long wallNanos = toNanos(r.time());
        List<String> present = new ArrayList<>(r.guests().size());
        for (GuestReading g : r.guests()) {
            present.add(g.guestId());
            guestCpu.update(g.guestId(), g.cpuTimeNanos(), wallNanos, g.vcpus());
        }
        guestCpu.retainAll(present);
    }

    private static long toNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
