package org.attune.policy.locality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.MetricHistory;
import org.attune.api.Metrics;
import org.attune.api.Series;
import org.attune.api.SubjectType;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.model.Aggregate;
import org.attune.model.ClusterModel;

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
 * <p>The traffic pairs are the policy's analysis. Where guests are (and are going), the peak demands per host (an
 * {@link Aggregate}) and whether a move fits (memory reserved on both ends of every migration, cores, driver, host
 * state, hard placement constraints) come from the shared {@link ClusterModel}. Of the two moves of a pair, the one
 * that breaks fewer soft placement constraints comes first, then the larger saving.
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
        ClusterModel model = ClusterModel.of(view);
        Map<Pair, Double> traffic = traffic(view, s.historyCycles());
        Map<String, Map<String, Double>> peers = new HashMap<>();
        traffic.forEach((p, bytes) -> {
            peers.computeIfAbsent(p.a(), k -> new HashMap<>()).put(p.b(), bytes);
            peers.computeIfAbsent(p.b(), k -> new HashMap<>()).put(p.a(), bytes);
        });
        // Each guest's recent peak CPU demand, and their sum per host as the model places guests.
        double[] peak = new double[model.guestCount()];
        for (int g = 0; g < peak.length; g++) {
            for (double v : model.history(g).tail(s.historyCycles())) {
                peak[g] = Math.max(peak[g], v);
            }
        }
        Aggregate load = model.aggregate(1, g -> new double[] {peak[g]});

        double before = crossHost(traffic, model::hostOf);
        List<String> notes = new ArrayList<>();
        int migrations = 0;
        List<Map.Entry<Pair, Double>> ordered = traffic.entrySet().stream()
                .sorted(Map.Entry.<Pair, Double>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().a()).thenComparing(e -> e.getKey().b()))
                .toList();
        for (Map.Entry<Pair, Double> e : ordered) {
            if (migrations >= s.maxMigrations()) {
                break;
            }
            Pair pair = e.getKey();
            int ga = model.guestIndex(pair.a());
            int gb = model.guestIndex(pair.b());
            int ha = ga < 0 ? -1 : model.hostOf(ga);
            int hb = gb < 0 ? -1 : model.hostOf(gb);
            if (ha < 0 || hb < 0 || ha == hb) {
                continue;
            }
            Move best = null;
            Move bestInfeasibleGain = null;
            for (int g : new int[] {ga, gb}) {
                int target = g == ga ? hb : ha;
                Move candidate = evaluate(model, s, g, target, peers, load, peak);
                if (candidate != null && candidate.gain < s.minGainBytesPerSecond()) {
                    if (bestInfeasibleGain == null || candidate.gain > bestInfeasibleGain.gain) {
                        bestInfeasibleGain = candidate;
                    }
                    candidate = null;
                }
                if (candidate != null && (best == null || candidate.better(best))) {
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
            String movingId = model.guest(best.guest).id();
            String toId = model.host(best.to).id();
            double crossBefore = crossHost(traffic, model::hostOf);
            double crossAfter = crossHost(traffic, id -> id.equals(movingId) ? toId : model.hostOf(id));
            model.move(best.guest, best.to, String.format(Locale.ROOT,
                    "co-locate chatty pair %s (%s): %s to %s; cross-host traffic %s -> %s", names, rate(e.getValue()),
                    model.guest(best.guest).name(), model.host(best.to).name(), rate(crossBefore), rate(crossAfter)));
            migrations++;
        }
        double after = crossHost(traffic, model::hostOf);
        notes.add(String.format(Locale.ROOT, "cross-host traffic before %s, after %s (%d pairs measured)", rate(before),
                rate(after), traffic.size()));
        return model.plan(s.name(), notes);
    }

    /** A move of a guest to a host, what it saves, the guest's peak demand and the soft constraints it breaks. */
    private record Move(int guest, int to, double gain, double demand, int soft) {
        /** Fewer soft-constraint violations first, then the larger saving, then the lighter guest. */
        boolean better(Move other) {
            if (soft != other.soft) {
                return soft < other.soft;
            }
            return gain > other.gain + 1e-9 || (Math.abs(gain - other.gain) <= 1e-9 && demand < other.demand);
        }
    }

    /**
     * The move of guest {@code g} to host {@code target} with what it saves, or null when the guest may not move or
     * the host cannot take it: the model must say it fits (memory reserved on both ends, cores, driver, host state,
     * hard constraints) and the host's peak demands must stay under the ceiling.
     */
    private static Move evaluate(ClusterModel model, LocalitySettings s, int g, int target,
                                 Map<String, Map<String, Double>> peers, Aggregate load, double[] peak) {
        int source = model.hostOf(g);
        if (model.pinned(g) || model.movedByPlan(g) || source < 0 || !model.usable(target)) {
            return null;
        }
        double demand = peak[g];
        if (load.sum(target)[0] + demand > s.cpuCeiling() * model.capacity(target) + 1e-9 || !model.fits(g, target)) {
            return null;
        }
        String sourceId = model.host(source).id();
        String targetId = model.host(target).id();
        double gain = 0;
        for (Map.Entry<String, Double> p : peers.getOrDefault(model.guest(g).id(), Map.of()).entrySet()) {
            String peerHost = model.hostOf(p.getKey());
            if (targetId.equals(peerHost)) {
                gain += p.getValue();
            } else if (sourceId.equals(peerHost)) {
                gain -= p.getValue();
            }
        }
        return new Move(g, target, gain, demand, model.softViolations(g, target));
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

    /** What the pairs on different hosts exchange, each guest where {@code hostOf} says (null: nowhere). */
    static double crossHost(Map<Pair, Double> traffic, Function<String, String> hostOf) {
        double sum = 0;
        for (Map.Entry<Pair, Double> e : traffic.entrySet()) {
            String ha = hostOf.apply(e.getKey().a());
            String hb = hostOf.apply(e.getKey().b());
            if (ha != null && hb != null && !ha.equals(hb)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    private static String name(ClusterView view, String guestId) {
        return view.guest(guestId).map(Guest::name).orElse(guestId);
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
