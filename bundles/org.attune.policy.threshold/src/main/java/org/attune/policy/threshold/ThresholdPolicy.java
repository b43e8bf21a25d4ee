package org.attune.policy.threshold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
 * <p>With a {@link TierRule} configured, the guests of that application tier are placed by their request rate and
 * their hosts' CPU instead (see {@link #placeTier}); the host rules then leave them alone.
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

        // Guests of the configured tier are placed by the tier rule alone: the host rules leave them where they are,
        // otherwise consolidation would undo a spread-out tier that is still busy (ping-pong).
        Set<String> tierGuests = new HashSet<>();
        if (s.tier().enabled()) {
            view.guests().stream().filter(s.tier()::member).forEach(g -> tierGuests.add(g.id()));
            placeTier(view, s, tierGuests, projection, actions, notes);
        }

        List<Host> hot = view.hosts().stream().filter(Host::usable)
                .filter(h -> loadSeries(view, h).lastAll(s.sustainCycles(), v -> v > s.high()))
                .sorted(Comparator.comparingDouble(projection::share).reversed()).toList();
        for (Host host : hot) {
            relieve(host, view, s, tierGuests, projection, actions, notes);
        }
        if (hot.isEmpty()) {
            consolidate(view, s, tierGuests, projection, actions, notes);
        }
        return new Plan(NAME, actions, notes);
    }

    /**
     * The tier rule. Busy tier (request rate above {@code tierRateHigh} for K cycles) and a host running two or more
     * of its guests above {@code tierCpuHigh} for K cycles: one of those guests goes to the least-loaded host that
     * stays under the high threshold with it, preferring hosts without tier guests. Quiet tier (rate below
     * {@code tierRateLow} for K cycles) spread over several hosts: its guests come back to the home host when that
     * host stays at or below {@code tierCpuLow} with them. Between the two rates nothing moves; with a migration of a
     * tier guest under way nothing else of the tier moves.
     */
    private void placeTier(ClusterView view, ThresholdSettings s, Set<String> tierGuests, Projection projection,
                           List<Action> actions, List<String> notes) {
        TierRule tier = s.tier();
        int k = s.sustainCycles();
        Series rate = view.metrics().series(Subject.tier(tier.name()), Metrics.REQUEST_RATE);
        if (rate.isEmpty() || stale(rate, view)) {
            notes.add("tier " + tier.name() + ": no current request rate");
            return;
        }
        Map<String, List<Guest>> byHost = new TreeMap<>();
        for (String id : tierGuests) {
            String hostId = view.hostOf(id);
            if (hostId != null) {
                byHost.computeIfAbsent(hostId, h -> new ArrayList<>()).add(view.guest(id).orElseThrow());
            }
        }
        byHost.values().forEach(list -> list.sort(Comparator.comparing(Guest::name)));
        if (tierGuests.stream().anyMatch(id -> view.inFlight().containsKey(id))) {
            notes.add("tier " + tier.name() + ": a migration of one of its guests is under way");
            return;
        }
        double now = rate.latest(0);
        if (rate.lastAll(k, v -> v > tier.rateHigh())) {
            spreadTier(view, s, now, byHost, projection, actions, notes);
        } else if (rate.lastAll(k, v -> v < tier.rateLow()) && byHost.size() > 1) {
            gatherTier(view, s, now, byHost, projection, actions, notes);
        }
    }

    private void spreadTier(ClusterView view, ThresholdSettings s, double rate, Map<String, List<Guest>> byHost,
                            Projection projection, List<Action> actions, List<String> notes) {
        TierRule tier = s.tier();
        for (Map.Entry<String, List<Guest>> e : byHost.entrySet()) {
            Host host = view.host(e.getKey()).orElse(null);
            if (host == null || !host.usable() || e.getValue().size() < 2) {
                continue;
            }
            if (!loadSeries(view, host).lastAll(s.sustainCycles(), v -> v > tier.cpuHigh())) {
                notes.add(String.format(Locale.ROOT, "tier %s busy (%.1f req/s) but %s CPU not above %.0f%% for %d cycles",
                        tier.name(), rate, host.name(), 100 * tier.cpuHigh(), s.sustainCycles()));
                continue;
            }
            // The cheapest guest to move: the smallest CPU demand, then the name (deterministic).
            Guest chosen = e.getValue().stream().filter(g -> !view.isPinned(g.id()))
                    .min(Comparator.comparingDouble((Guest g) -> view.guestCpuDemand(g.id()))
                            .thenComparing(Comparator.comparing(Guest::name).reversed()))
                    .orElse(null);
            if (chosen == null) {
                notes.add("tier " + tier.name() + " busy but none of its guests on " + host.name() + " may move now");
                continue;
            }
            double demand = view.guestCpuDemand(chosen.id());
            Host target = null;
            for (Host candidate : view.hosts()) {
                if (fits(candidate, host, chosen, demand, s.high(), view, projection)
                        && (target == null || better(candidate, target, byHost, projection))) {
                    target = candidate;
                }
            }
            if (target == null) {
                notes.add("tier " + tier.name() + " busy but no host can take " + chosen.name());
                continue;
            }
            actions.add(Action.live(chosen.id(), host.id(), target.id(), String.format(Locale.ROOT,
                    "tier %s busy: %.1f req/s > %.1f and %s CPU %.0f%% > %.0f%% for %d cycles; %s to %s (%.0f%%)",
                    tier.name(), rate, tier.rateHigh(), host.name(), 100 * projection.share(host),
                    100 * tier.cpuHigh(), s.sustainCycles(), chosen.name(), target.name(),
                    100 * projection.share(target))));
            projection.move(chosen, host.id(), target.id(), demand);
            return;
        }
    }

    /** Hosts without tier guests first, then the least loaded, then by name. */
    private static boolean better(Host candidate, Host current, Map<String, List<Guest>> byHost, Projection projection) {
        boolean candidateFree = !byHost.containsKey(candidate.id());
        boolean currentFree = !byHost.containsKey(current.id());
        if (candidateFree != currentFree) {
            return candidateFree;
        }
        int c = Double.compare(projection.share(candidate), projection.share(current));
        return c < 0 || (c == 0 && candidate.name().compareTo(current.name()) < 0);
    }

    private void gatherTier(ClusterView view, ThresholdSettings s, double rate, Map<String, List<Guest>> byHost,
                            Projection projection, List<Action> actions, List<String> notes) {
        TierRule tier = s.tier();
        Host home = view.host(tier.home()).filter(Host::usable).orElse(null);
        if (home == null) {
            // the host holding most tier guests; ties by name (byHost is sorted)
            String best = null;
            for (Map.Entry<String, List<Guest>> e : byHost.entrySet()) {
                boolean usable = view.host(e.getKey()).map(Host::usable).orElse(false);
                if (usable && (best == null || e.getValue().size() > byHost.get(best).size())) {
                    best = e.getKey();
                }
            }
            home = best == null ? null : view.host(best).orElse(null);
        }
        if (home == null) {
            notes.add("tier " + tier.name() + " quiet but it has no usable home host");
            return;
        }
        for (Map.Entry<String, List<Guest>> e : byHost.entrySet()) {
            if (e.getKey().equals(home.id())) {
                continue;
            }
            for (Guest g : e.getValue()) {
                if (view.isPinned(g.id())) {
                    notes.add("tier " + tier.name() + " quiet; " + g.name() + " may not move now");
                    continue;
                }
                Host from = view.host(e.getKey()).orElseThrow();
                double demand = view.guestCpuDemand(g.id());
                if (!fits(home, from, g, demand, tier.cpuLow(), view, projection)) {
                    notes.add(String.format(Locale.ROOT, "tier %s quiet but %s stays on %s: %s would exceed %.0f%% CPU",
                            tier.name(), g.name(), from.name(), home.name(), 100 * tier.cpuLow()));
                    continue;
                }
                actions.add(Action.live(g.id(), from.id(), home.id(), String.format(Locale.ROOT,
                        "tier %s quiet: %.1f req/s < %.1f for %d cycles; %s back to %s (%.0f%% after)", tier.name(),
                        rate, tier.rateLow(), s.sustainCycles(), g.name(), home.name(),
                        100 * (projection.mips(home.id()) + demand) / home.cpuCapacity())));
                projection.move(g, from.id(), home.id(), demand);
            }
        }
    }

    /** A series whose newest sample is older than three of its own intervals: its source stopped publishing. */
    private static boolean stale(Series series, ClusterView view) {
        if (series.size() < 2) {
            return false;
        }
        long last = series.time(series.size() - 1).toEpochMilli();
        long step = Math.max(1, last - series.time(series.size() - 2).toEpochMilli());
        return view.time().toEpochMilli() - last > 3 * step;
    }

    private void relieve(Host host, ClusterView view, ThresholdSettings s, Set<String> tierGuests,
                         Projection projection, List<Action> actions, List<String> notes) {
        if (projection.leaving(host.id())) {
            notes.add(host.name() + " is hot, a migration off it is already under way");
            return;
        }
        double excess = projection.mips(host.id()) - s.high() * host.cpuCapacity();
        List<Guest> movable = view.guestsOn(host.id()).stream()
                .filter(g -> !view.isPinned(g.id()) && !tierGuests.contains(g.id()))
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

    private void consolidate(ClusterView view, ThresholdSettings s, Set<String> tierGuests, Projection projection,
                             List<Action> actions, List<String> notes) {
        List<Host> cold = view.hosts().stream().filter(Host::usable)
                .filter(h -> !view.guestsOn(h.id()).isEmpty())
                .filter(h -> view.guestsOn(h.id()).stream().noneMatch(g -> tierGuests.contains(g.id())))
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
