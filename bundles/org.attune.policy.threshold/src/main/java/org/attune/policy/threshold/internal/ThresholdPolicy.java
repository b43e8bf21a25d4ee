package org.attune.policy.threshold.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;

/**
 * The validation scenario's rule. A host whose CPU demand stays above the high threshold for K cycles is
 * relieved by moving the one guest whose departure brings it back under the threshold at the least cost
 * (the smallest such guest; the largest guest when none suffices) to the least-loaded host that stays under
 * the threshold with it. When hosts stay below the low threshold for K cycles, the coldest one is emptied
 * onto running hosts that stay at or below the consolidation ceiling: the gap between that ceiling and the
 * high threshold is the hysteresis that prevents ping-pong.
 *
 * <p>Pure: the answer depends on the view and the settings only.
 */
public class ThresholdPolicy implements Policy {

    /** The policy's name, its {@link Policy#NAME} service property. */
    public static final String NAME = "threshold";

    private volatile ThresholdSettings settings;

    public ThresholdPolicy(ThresholdSettings settings) {
        this.settings = settings;
    }

    /** Replaces the settings; the next plan uses them. */
    protected void configure(ThresholdSettings newSettings) {
        this.settings = newSettings;
    }

    public ThresholdSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Plan plan(ClusterView view) {
        ThresholdSettings s = settings;
        Projection projection = new Projection(view);
        List<Action> actions = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        List<Host> hot = view.hosts().stream().filter(Host::usable)
                .filter(h -> loadSeries(view, h).lastAll(s.sustainCycles(), v -> v > s.high()))
                .sorted(Comparator.comparingDouble(projection::share).reversed()).toList();
        for (Host host : hot) {
            relieve(host, view, s, projection, actions, notes);
        }
        if (hot.isEmpty()) {
            consolidate(view, s, projection, actions, notes);
        }
        return new Plan(NAME, actions, notes);
    }

    private void relieve(Host host, ClusterView view, ThresholdSettings s, Projection projection, List<Action> actions,
                         List<String> notes) {
        if (projection.leaving(host.id())) {
            notes.add(host.name() + " is hot, a migration off it is already under way");
            return;
        }
        double excess = projection.mips(host.id()) - s.high() * host.cpuCapacity();
        List<Guest> movable = view.guestsOn(host.id()).stream().filter(g -> !view.isPinned(g.id()))
                .sorted(Comparator.comparingDouble((Guest g) -> view.guestCpuDemand(g.id())).thenComparing(Guest::name))
                .toList();
        if (movable.isEmpty()) {
            notes.add(host.name() + " is hot but none of its guests may move now");
            return;
        }
        // The smallest guest that is enough costs the least to move; otherwise the biggest helps most.
        Guest chosen = movable.stream().filter(g -> view.guestCpuDemand(g.id()) >= excess).findFirst()
                .orElse(movable.get(movable.size() - 1));
        double demand = view.guestCpuDemand(chosen.id());
        Host target = null;
        for (Host candidate : view.hosts()) {
            if (fits(candidate, host, chosen, demand, s.high(), view, projection)
                    && (target == null || projection.share(candidate) < projection.share(target))) {
                target = candidate;
            }
        }
        if (target == null) {
            notes.add(host.name() + " is hot but no host can take " + chosen.name() + " under the high threshold");
            return;
        }
        actions.add(Action.live(chosen.id(), host.id(), target.id(), String.format(Locale.ROOT,
                "%s CPU demand %.0f%% > %.0f%% for %d cycles; %s (%.0f) to %s (%.0f%%)", host.name(),
                100 * projection.share(host), 100 * s.high(), s.sustainCycles(), chosen.name(), demand,
                target.name(), 100 * projection.share(target))));
        projection.move(chosen, host.id(), target.id(), demand);
    }

    private void consolidate(ClusterView view, ThresholdSettings s, Projection projection, List<Action> actions,
                             List<String> notes) {
        List<Host> cold = view.hosts().stream().filter(Host::usable)
                .filter(h -> !view.guestsOn(h.id()).isEmpty())
                .filter(h -> loadSeries(view, h).lastAll(s.sustainCycles(), v -> v < s.low()))
                .sorted(Comparator.comparingDouble(projection::share).thenComparing(Host::name)).toList();
        Set<String> receivers = new HashSet<>();
        Set<String> emptied = new HashSet<>();
        for (Host host : cold) {
            if (receivers.contains(host.id()) || projection.involved(host.id())) {
                continue;
            }
            List<Guest> guests = view.guestsOn(host.id());
            if (guests.stream().anyMatch(g -> view.isPinned(g.id()))) {
                continue;
            }
            // Try the whole host; keep the moves only if every guest finds a place.
            Projection trial = projection.copy();
            List<Action> moves = new ArrayList<>();
            Set<String> trialReceivers = new HashSet<>();
            for (Guest g : guests.stream().sorted(Comparator.comparingDouble((Guest x) -> -view.guestCpuDemand(x.id()))
                    .thenComparing(Guest::name)).toList()) {
                double demand = view.guestCpuDemand(g.id());
                Host best = null;
                for (Host candidate : view.hosts()) {
                    boolean receiving = !view.guestsOn(candidate.id()).isEmpty() || trialReceivers.contains(candidate.id());
                    // Only hosts already running guests receive: spreading onto empty hosts is not consolidation.
                    if (receiving && !emptied.contains(candidate.id())
                            && fits(candidate, host, g, demand, s.consolidationCeiling(), view, trial)
                            && (best == null || trial.share(candidate) > trial.share(best))) {
                        best = candidate;
                    }
                }
                if (best == null) {
                    moves = null;
                    break;
                }
                moves.add(Action.live(g.id(), host.id(), best.id(), String.format(Locale.ROOT,
                        "consolidate: %s below %.0f%% for %d cycles; %s to %s (%.0f%% after)", host.name(),
                        100 * s.low(), s.sustainCycles(), g.name(), best.name(),
                        100 * (trial.mips(best.id()) + demand) / best.cpuCapacity())));
                trial.move(g, host.id(), best.id(), demand);
                trialReceivers.add(best.id());
            }
            if (moves != null) {
                actions.addAll(moves);
                projection.adopt(trial);
                receivers.addAll(trialReceivers);
                emptied.add(host.id());
                notes.add(host.name() + " can be emptied");
            }
        }
    }

    /** Whether {@code guest} may go from {@code source} to {@code candidate} and keep it at or below {@code ceiling}. */
    private static boolean fits(Host candidate, Host source, Guest guest, double demand, double ceiling,
                                ClusterView view, Projection projection) {
        return candidate.usable() && !candidate.id().equals(source.id())
                && view.sameDriver(source.id(), candidate.id())
                && candidate.cpuCapacity() > 0
                && projection.mips(candidate.id()) + demand <= ceiling * candidate.cpuCapacity()
                && projection.freeMemory(candidate) >= guest.memoryMiB();
    }

    /** The host's recent CPU demand shares; utilisation when no demand is published. */
    static Series loadSeries(ClusterView view, Host host) {
        Series demand = view.metrics().series(Subject.host(host.id()), Metrics.CPU_DEMAND);
        return demand.isEmpty() ? view.metrics().series(Subject.host(host.id()), Metrics.CPU_UTILIZATION) : demand;
    }

    /** Host loads (MIPS) and memory as they will be once the planned and in-flight moves are done. */
    private static final class Projection {
        private final ClusterView view;
        private final Map<String, Double> mips;
        private final Map<String, Long> memory;
        private final Set<String> involved;
        private final Set<String> leaving;

        Projection(ClusterView view) {
            this.view = view;
            this.mips = new HashMap<>();
            this.memory = new HashMap<>();
            this.involved = new HashSet<>();
            this.leaving = new HashSet<>();
            for (Host h : view.hosts()) {
                mips.put(h.id(), Math.max(view.hostCpuDemand(h.id()) * h.cpuCapacity(), 0));
                memory.put(h.id(), view.memoryCommitted(h.id()));
            }
            for (MigrationInFlight m : view.inFlight().values()) {
                double demand = view.guestCpuDemand(m.guestId());
                mips.computeIfPresent(m.fromHostId(), (k, v) -> Math.max(0, v - demand));
                mips.computeIfPresent(m.toHostId(), (k, v) -> v + demand);
                involved.add(m.fromHostId());
                involved.add(m.toHostId());
                leaving.add(m.fromHostId());
            }
        }

        private Projection(Projection other) {
            this.view = other.view;
            this.mips = new HashMap<>(other.mips);
            this.memory = new HashMap<>(other.memory);
            this.involved = new HashSet<>(other.involved);
            this.leaving = new HashSet<>(other.leaving);
        }

        Projection copy() {
            return new Projection(this);
        }

        void adopt(Projection other) {
            mips.putAll(other.mips);
            memory.putAll(other.memory);
            involved.addAll(other.involved);
            leaving.addAll(other.leaving);
        }

        double mips(String hostId) {
            return mips.getOrDefault(hostId, 0.0);
        }

        double share(Host h) {
            return h.cpuCapacity() <= 0 ? 0 : mips(h.id()) / h.cpuCapacity();
        }

        long freeMemory(Host h) {
            return h.memoryMiB() - memory.getOrDefault(h.id(), 0L);
        }

        boolean leaving(String hostId) {
            return leaving.contains(hostId);
        }

        boolean involved(String hostId) {
            return involved.contains(hostId);
        }

        void move(Guest g, String from, String to, double demand) {
            mips.merge(from, -demand, Double::sum);
            mips.merge(to, demand, Double::sum);
            memory.merge(from, -g.memoryMiB(), Long::sum);
            memory.merge(to, g.memoryMiB(), Long::sum);
            involved.add(from);
            involved.add(to);
            leaving.add(from);
        }
    }
}
