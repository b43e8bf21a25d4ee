package org.attune.policy.locality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.MetricHistory;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.SubjectType;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;

/**
 * P3 locality. A traffic probe publishes, per guest, the bytes per second it sends to each peer
 * ({@link Metrics#TRAFFIC_PREFIX} + peer id); a pair exchanges the sum of both directions, averaged over the last
 * {@code historyCycles} samples. Cross-host traffic is what pairs on different hosts exchange.
 *
 * <p>Pairs are taken from the chattiest down. For a pair on two hosts, the policy considers moving either guest to
 * the other's host, counts what that move saves against all of the guest's peers (traffic to peers it joins
 * minus traffic to peers it leaves), and keeps the better move when it saves at least {@code minGainBytesPerSecond}
 * and the receiving host stays at or below {@code cpuCeiling} (peak demands) and has the memory. Every move cuts
 * cross-host traffic, so plans never go round in circles. Reasons and notes give cross-host traffic before and
 * after.
 *
 * <p>Pure: the answer depends on the view and the settings only.
 */
public class LocalityPolicy implements Policy {

    /** The default instance's name. */
    public static final String NAME = "locality";

    private volatile LocalitySettings settings;

    public LocalityPolicy(LocalitySettings settings) {
        this.settings = settings;
    }

    protected void configure(LocalitySettings next) {
        this.settings = next;
    }

    public LocalitySettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return settings.name();
    }

    /** An unordered pair of guest ids, the smaller first. */
    record Pair(String a, String b) {
        static Pair of(String x, String y) {
            return x.compareTo(y) <= 0 ? new Pair(x, y) : new Pair(y, x);
        }

        String other(String id) {
            return id.equals(a) ? b : a;
        }
    }

    @Override
    public Plan plan(ClusterView view) {
        LocalitySettings s = settings;
        Map<Pair, Double> traffic = traffic(view, s.historyCycles());
        Map<String, Map<String, Double>> peers = new HashMap<>();
        traffic.forEach((p, bytes) -> {
            peers.computeIfAbsent(p.a(), k -> new HashMap<>()).put(p.b(), bytes);
            peers.computeIfAbsent(p.b(), k -> new HashMap<>()).put(p.a(), bytes);
        });

        Map<String, String> placement = new HashMap<>(view.placement());
        Map<String, Double> load = new HashMap<>();
        Map<String, Long> memory = new HashMap<>();
        Map<String, Double> peak = new HashMap<>();
        for (Guest g : view.guests()) {
            double max = 0;
            for (double v : view.metrics().series(Subject.guest(g.id()), Metrics.CPU_DEMAND).tail(s.historyCycles())) {
                max = Math.max(max, v);
            }
            peak.put(g.id(), max);
        }
        for (MigrationInFlight m : view.inFlight().values()) {
            placement.put(m.guestId(), m.toHostId());
        }
        for (Guest g : view.guests()) {
            String h = placement.get(g.id());
            if (h != null) {
                load.merge(h, peak.get(g.id()), Double::sum);
                memory.merge(h, g.memoryMiB(), Long::sum);
            }
        }

        double before = crossHost(traffic, placement);
        List<Action> actions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> moved = new HashSet<>(view.inFlight().keySet());
        List<Map.Entry<Pair, Double>> ordered = traffic.entrySet().stream()
                .sorted(Map.Entry.<Pair, Double>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().a()).thenComparing(e -> e.getKey().b()))
                .toList();
        for (Map.Entry<Pair, Double> e : ordered) {
            if (actions.size() >= s.maxMigrations()) {
                break;
            }
            Pair pair = e.getKey();
            String ha = placement.get(pair.a());
            String hb = placement.get(pair.b());
            if (ha == null || hb == null || ha.equals(hb)) {
                continue;
            }
            Move best = null;
            Move bestInfeasibleGain = null;
            for (String guestId : List.of(pair.a(), pair.b())) {
                String target = placement.get(pair.other(guestId));
                Move candidate = evaluate(view, s, guestId, target, placement, peers, load, memory, peak, moved);
                if (candidate != null && candidate.gain < s.minGainBytesPerSecond()) {
                    if (bestInfeasibleGain == null || candidate.gain > bestInfeasibleGain.gain) {
                        bestInfeasibleGain = candidate;
                    }
                    candidate = null;
                }
                if (candidate != null && (best == null || candidate.gain > best.gain + 1e-9
                        || (Math.abs(candidate.gain - best.gain) <= 1e-9 && candidate.demand < best.demand))) {
                    best = candidate;
                }
            }
            String names = name(view, pair.a()) + " <-> " + name(view, pair.b());
            if (best == null) {
                if (e.getValue() >= s.minGainBytesPerSecond() && bestInfeasibleGain == null) {
                    notes.add(String.format(Locale.ROOT, "%s (%s) stay apart: neither host can take the other guest",
                            names, rate(e.getValue())));
                } else if (e.getValue() >= s.minGainBytesPerSecond()) {
                    notes.add(String.format(Locale.ROOT, "%s (%s) stay apart: moving either guest would cut "
                            + "cross-host traffic by %s at best, less than %s", names, rate(e.getValue()),
                            rate(Math.max(0, bestInfeasibleGain.gain)), rate(s.minGainBytesPerSecond())));
                }
                continue;
            }
            double crossBefore = crossHost(traffic, placement);
            String from = placement.get(best.guestId);
            placement.put(best.guestId, best.toHostId);
            double crossAfter = crossHost(traffic, placement);
            load.merge(from, -best.demand, Double::sum);
            load.merge(best.toHostId, best.demand, Double::sum);
            long mem = view.guest(best.guestId).map(Guest::memoryMiB).orElse(0L);
            memory.merge(from, -mem, Long::sum);
            memory.merge(best.toHostId, mem, Long::sum);
            moved.add(best.guestId);
            actions.add(Action.live(best.guestId, from, best.toHostId, String.format(Locale.ROOT,
                    "co-locate chatty pair %s (%s): %s to %s; cross-host traffic %s -> %s", names, rate(e.getValue()),
                    name(view, best.guestId), hostName(view, best.toHostId), rate(crossBefore), rate(crossAfter))));
        }
        double after = crossHost(traffic, placement);
        notes.add(String.format(Locale.ROOT, "cross-host traffic before %s, after %s (%d pairs measured)", rate(before),
                rate(after), traffic.size()));
        return new Plan(s.name(), actions, notes);
    }

    private record Move(String guestId, String toHostId, double gain, double demand) {
    }

    /** The move of a guest to a host with what it saves, or null when the guest may not move or the host has no room. */
    private static Move evaluate(ClusterView view, LocalitySettings s, String guestId, String targetId,
                                 Map<String, String> placement, Map<String, Map<String, Double>> peers,
                                 Map<String, Double> load, Map<String, Long> memory, Map<String, Double> peak,
                                 Set<String> moved) {
        if (moved.contains(guestId) || view.isPinned(guestId)) {
            return null;
        }
        Guest guest = view.guest(guestId).orElse(null);
        Host target = view.host(targetId).orElse(null);
        String sourceId = placement.get(guestId);
        if (guest == null || target == null || sourceId == null || !target.usable()
                || !view.sameDriver(sourceId, targetId) || target.cpuCapacity() <= 0) {
            return null;
        }
        double demand = peak.getOrDefault(guestId, 0.0);
        if (load.getOrDefault(targetId, 0.0) + demand > s.cpuCeiling() * target.cpuCapacity() + 1e-9
                || memory.getOrDefault(targetId, 0L) + guest.memoryMiB() > target.memoryMiB()) {
            return null;
        }
        double gain = 0;
        for (Map.Entry<String, Double> p : peers.getOrDefault(guestId, Map.of()).entrySet()) {
            String peerHost = placement.get(p.getKey());
            if (targetId.equals(peerHost)) {
                gain += p.getValue();
            } else if (sourceId.equals(peerHost)) {
                gain -= p.getValue();
            }
        }
        return new Move(guestId, targetId, gain, demand);
    }

    /** Bytes per second each pair of present guests exchanges, both directions summed, averaged over the history. */
    static Map<Pair, Double> traffic(ClusterView view, int history) {
        Map<Pair, Double> traffic = new HashMap<>();
        for (MetricHistory.Key key : view.metrics().keys()) {
            if (key.subject().type() != SubjectType.GUEST || !key.metric().startsWith(Metrics.TRAFFIC_PREFIX)) {
                continue;
            }
            String from = key.subject().id();
            String to = key.metric().substring(Metrics.TRAFFIC_PREFIX.length());
            if (from.equals(to) || view.guest(from).isEmpty() || view.guest(to).isEmpty()) {
                continue;
            }
            Series series = view.metrics().series(key.subject(), key.metric());
            double rate = series.mean(history, 0);
            if (rate > 0) {
                traffic.merge(Pair.of(from, to), rate, Double::sum);
            }
        }
        return traffic;
    }

    static double crossHost(Map<Pair, Double> traffic, Map<String, String> placement) {
        double sum = 0;
        for (Map.Entry<Pair, Double> e : traffic.entrySet()) {
            String ha = placement.get(e.getKey().a());
            String hb = placement.get(e.getKey().b());
            if (ha != null && hb != null && !ha.equals(hb)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    private static String name(ClusterView view, String guestId) {
        return view.guest(guestId).map(Guest::name).orElse(guestId);
    }

    private static String hostName(ClusterView view, String hostId) {
        return view.host(hostId).map(Host::name).orElse(hostId);
    }

    /** A byte rate for humans: B/s, kB/s, MB/s (powers of 1000). */
    static String rate(double bytesPerSecond) {
        if (bytesPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1e6);
        }
        if (bytesPerSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f kB/s", bytesPerSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f B/s", bytesPerSecond);
    }
}
