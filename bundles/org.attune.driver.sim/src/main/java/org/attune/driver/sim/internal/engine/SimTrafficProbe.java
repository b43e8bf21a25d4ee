package org.attune.driver.sim.internal.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.attune.api.Guest;
import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.probe.Probe;

/**
 * The simulated cluster's traffic probe: publishes, for each guest whose configuration has a {@code traffic} key,
 * the bytes per second it sends to each configured peer as {@link Metrics#traffic(String) net.traffic.to:<peer id>}.
 * Only guests and peers that are in the cluster's inventory are published. Rates are configured, not simulated:
 * where the guests run does not change them.
 *
 * <p>Never blocks: it reads the cluster's cached inventory. Thread-safe.
 */
public final class SimTrafficProbe implements Probe {

    /** Value of the {@link Probe#NAME} service property. */
    public static final String NAME = "sim-traffic";

    private record Entry(String guestName, Map<String, Double> rates) {
    }

    private final SimCluster cluster;
    private final Map<String, Entry> bySource = new ConcurrentHashMap<>();

    public SimTrafficProbe(SimCluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Sets what the guest of one configuration sends to its peers (by peer name); an empty map removes it. */
    public void define(String source, String guestName, Map<String, Double> rates) {
        if (rates.isEmpty()) {
            bySource.remove(source);
        } else {
            bySource.put(source, new Entry(guestName, Map.copyOf(rates)));
        }
    }

    /** Forgets the traffic of one configuration. */
    public void forget(String source) {
        bySource.remove(source);
    }

    @Override
    public List<Sample> sample(Instant now) {
        Map<String, String> idByName = new HashMap<>();
        for (Guest g : cluster.inventory().guests()) {
            idByName.put(g.name(), g.id());
        }
        List<Sample> samples = new ArrayList<>();
        for (Entry e : bySource.values()) {
            String from = idByName.get(e.guestName());
            if (from == null) {
                continue;
            }
            for (Map.Entry<String, Double> r : e.rates().entrySet()) {
                String to = idByName.get(r.getKey());
                if (to != null && !to.equals(from)) {
                    samples.add(new Sample(Subject.guest(from), Metrics.traffic(to), r.getValue(), now));
                }
            }
        }
        return samples;
    }
}
