package org.attune.policy.threshold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.attune.api.ClusterView;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.model.ClusterModel;

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
 * <p>Every "what if" is asked of the shared {@link ClusterModel}: where guests are and are going (migrations in
 * flight counted at their target), CPU demand per host, memory reserved on both ends of every migration, and whether
 * a move fits (memory, cores, driver, host state, hard placement constraints). Among the hosts that fit, the one that
 * breaks fewer soft placement constraints comes first. The hot and cold tests read the hosts' own metric series.
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
        ClusterModel model = ClusterModel.of(view);
        List<String> notes = new ArrayList<>();

        // Guests of the configured tier are placed by the tier rule alone: the host rules leave them where they are,
        // otherwise consolidation would undo a spread-out tier that is still busy (ping-pong).
        boolean[] tier = new boolean[model.guestCount()];
        if (s.tier().enabled()) {
            for (int g = 0; g < tier.length; g++) {
                tier[g] = s.tier().member(model.guest(g));
            }
            placeTier(view, s, tier, model, notes);
        }

        List<Integer> hot = new ArrayList<>();
        for (int h = 0; h < model.hostCount(); h++) {
            if (model.usable(h) && loadSeries(view, model.host(h)).lastAll(s.sustainCycles(), v -> v > s.high())) {
                hot.add(h);
            }
        }
        hot.sort(Comparator.comparingDouble(model::share).reversed());
        for (int host : hot) {
            relieve(host, view, s, tier, model, notes);
        }
        if (hot.isEmpty()) {
            consolidate(view, s, tier, model, notes);
        }
        return model.plan(NAME, notes);
    }

    /**
     * The tier rule. Busy tier (request rate above {@code tierRateHigh} for K cycles) and a host running two or more
     * of its guests above {@code tierCpuHigh} for K cycles: one of those guests goes to the least-loaded host that
     * stays under the high threshold with it, preferring hosts without tier guests. Quiet tier (rate below
     * {@code tierRateLow} for K cycles) spread over several hosts: its guests come back to the home host when that
     * host stays at or below {@code tierCpuLow} with them. Between the two rates nothing moves; with a migration of a
     * tier guest under way nothing else of the tier moves.
     */
    private void placeTier(ClusterView view, ThresholdSettings s, boolean[] tier, ClusterModel model,
                           List<String> notes) {
        TierRule rule = s.tier();
        int k = s.sustainCycles();
        Series rate = view.metrics().series(Subject.tier(rule.name()), Metrics.REQUEST_RATE);
        if (rate.isEmpty() || stale(rate, view)) {
            notes.add("tier " + rule.name() + ": no current request rate");
            return;
        }
        for (int g = 0; g < tier.length; g++) {
            if (tier[g] && model.inFlight(g)) {
                notes.add("tier " + rule.name() + ": a migration of one of its guests is under way");
                return;
            }
        }
        // The hosts running tier guests, by id: the order the rule walks them in.
        List<Integer> tierHosts = new ArrayList<>();
        for (int h = 0; h < model.hostCount(); h++) {
            if (!tierGuestsOn(model, h, tier).isEmpty()) {
                tierHosts.add(h);
            }
        }
        tierHosts.sort(Comparator.comparing(h -> model.host(h).id()));
        double now = rate.latest(0);
        if (rate.lastAll(k, v -> v > rule.rateHigh())) {
            spreadTier(view, s, now, tier, tierHosts, model, notes);
        } else if (rate.lastAll(k, v -> v < rule.rateLow()) && tierHosts.size() > 1) {
            gatherTier(s, now, tier, tierHosts, model, notes);
        }
    }

    private void spreadTier(ClusterView view, ThresholdSettings s, double rate, boolean[] tier, List<Integer> tierHosts,
                            ClusterModel model, List<String> notes) {
        TierRule rule = s.tier();
        for (int host : tierHosts) {
            List<Integer> guests = tierGuestsOn(model, host, tier);
            Host h = model.host(host);
            if (!model.usable(host) || guests.size() < 2) {
                continue;
            }
            if (!loadSeries(view, h).lastAll(s.sustainCycles(), v -> v > rule.cpuHigh())) {
                notes.add(String.format(Locale.ROOT, "tier %s busy (%.1f req/s) but %s CPU not above %.0f%% for %d cycles",
                        rule.name(), rate, h.name(), 100 * rule.cpuHigh(), s.sustainCycles()));
                continue;
            }
            // The cheapest guest to move: the smallest CPU demand, then the name (deterministic).
            Integer chosen = guests.stream().filter(g -> !model.pinned(g))
                    .min(Comparator.comparingDouble((Integer g) -> model.demand(g))
                            .thenComparing(Comparator.comparing((Integer g) -> model.guest(g).name()).reversed()))
                    .orElse(null);
            if (chosen == null) {
                notes.add("tier " + rule.name() + " busy but none of its guests on " + h.name() + " may move now");
                continue;
            }
            int target = -1;
            for (int candidate = 0; candidate < model.hostCount(); candidate++) {
                if (model.usable(candidate) && model.fits(chosen, candidate, s.high())
                        && (target < 0 || better(candidate, target, chosen, tier, model))) {
                    target = candidate;
                }
            }
            if (target < 0) {
                notes.add("tier " + rule.name() + " busy but no host can take " + model.guest(chosen).name());
                continue;
            }
            model.move(chosen, target, String.format(Locale.ROOT,
                    "tier %s busy: %.1f req/s > %.1f and %s CPU %.0f%% > %.0f%% for %d cycles; %s to %s (%.0f%%)",
                    rule.name(), rate, rule.rateHigh(), h.name(), 100 * model.share(host),
                    100 * rule.cpuHigh(), s.sustainCycles(), model.guest(chosen).name(), model.host(target).name(),
                    100 * model.share(target)));
            return;
        }
    }

    /** Fewer soft-constraint violations first, then hosts without tier guests, then the least loaded, then by name. */
    private static boolean better(int candidate, int current, int guest, boolean[] tier, ClusterModel model) {
        int soft = Integer.compare(model.softViolations(guest, candidate), model.softViolations(guest, current));
        if (soft != 0) {
            return soft < 0;
        }
        boolean candidateFree = tierGuestsOn(model, candidate, tier).isEmpty();
        boolean currentFree = tierGuestsOn(model, current, tier).isEmpty();
        if (candidateFree != currentFree) {
            return candidateFree;
        }
        int c = Double.compare(model.share(candidate), model.share(current));
        return c < 0 || (c == 0 && model.host(candidate).name().compareTo(model.host(current).name()) < 0);
    }

    private void gatherTier(ThresholdSettings s, double rate, boolean[] tier, List<Integer> tierHosts,
                            ClusterModel model, List<String> notes) {
        TierRule rule = s.tier();
        int home = model.hostIndex(rule.home());
        if (home >= 0 && !model.usable(home)) {
            home = -1;
        }
        if (home < 0) {
            // the host holding most tier guests; ties by id (tierHosts is sorted)
            int most = 0;
            for (int h : tierHosts) {
                int n = tierGuestsOn(model, h, tier).size();
                if (model.usable(h) && (home < 0 || n > most)) {
                    home = h;
                    most = n;
                }
            }
        }
        if (home < 0) {
            notes.add("tier " + rule.name() + " quiet but it has no usable home host");
            return;
        }
        Host to = model.host(home);
        for (int from : tierHosts) {
            if (from == home) {
                continue;
            }
            for (int g : tierGuestsOn(model, from, tier)) {
                String name = model.guest(g).name();
                if (model.pinned(g)) {
                    notes.add("tier " + rule.name() + " quiet; " + name + " may not move now");
                    continue;
                }
                if (!model.fits(g, home, rule.cpuLow())) {
                    String refusal = model.refusal(g, home);
                    notes.add(refusal == null
                            ? String.format(Locale.ROOT, "tier %s quiet but %s stays on %s: %s would exceed %.0f%% CPU",
                                    rule.name(), name, model.host(from).name(), to.name(), 100 * rule.cpuLow())
                            : "tier " + rule.name() + " quiet but " + name + " stays on " + model.host(from).name()
                                    + ": " + refusal);
                    continue;
                }
                model.move(g, home, String.format(Locale.ROOT,
                        "tier %s quiet: %.1f req/s < %.1f for %d cycles; %s back to %s (%.0f%% after)", rule.name(),
                        rate, rule.rateLow(), s.sustainCycles(), name, to.name(),
                        100 * (model.demandOn(home) + model.demand(g)) / model.capacity(home)));
            }
        }
    }

    /** The tier's guests on (or going to) the host, by name. */
    private static List<Integer> tierGuestsOn(ClusterModel model, int h, boolean[] tier) {
        List<Integer> guests = new ArrayList<>(2);
        for (int i = 0, n = model.guestCount(h); i < n; i++) {
            int g = model.guestOn(h, i);
            if (tier[g]) {
                guests.add(g);
            }
        }
        guests.sort(Comparator.comparing(g -> model.guest(g).name()));
        return guests;
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

    private void relieve(int host, ClusterView view, ThresholdSettings s, boolean[] tier, ClusterModel model,
                         List<String> notes) {
        Host h = model.host(host);
        if (model.outgoing(host) > 0) {
            notes.add(h.name() + " is hot, a migration off it is already under way");
            return;
        }
        double excess = model.demandOn(host) - s.high() * model.capacity(host);
        List<Integer> movable = new ArrayList<>();
        for (int g : model.guestsOnHost(host)) {
            if (!model.pinned(g) && !tier[g] && !model.movedByPlan(g)) {
                movable.add(g);
            }
        }
        movable.sort(Comparator.comparingDouble((Integer g) -> model.demand(g))
                .thenComparing(g -> model.guest(g).name()));
        if (movable.isEmpty()) {
            notes.add(h.name() + " is hot but none of its guests may move now");
            return;
        }
        // The smallest guest that is enough costs the least to move; otherwise the biggest helps most.
        int chosen = movable.stream().filter(g -> model.demand(g) >= excess).findFirst()
                .orElse(movable.get(movable.size() - 1));
        int target = -1;
        for (int candidate = 0; candidate < model.hostCount(); candidate++) {
            if (model.usable(candidate) && model.fits(chosen, candidate, s.high())
                    && (target < 0 || lessLoaded(candidate, target, chosen, model))) {
                target = candidate;
            }
        }
        if (target < 0) {
            notes.add(h.name() + " is hot but no host can take " + model.guest(chosen).name()
                    + " under the high threshold");
            return;
        }
        model.move(chosen, target, String.format(Locale.ROOT,
                "%s CPU demand %.0f%% > %.0f%% for %d cycles; %s (%.0f) to %s (%.0f%%)", h.name(),
                100 * model.share(host), 100 * s.high(), s.sustainCycles(), model.guest(chosen).name(),
                model.demand(chosen), model.host(target).name(), 100 * model.share(target)));
    }

    /** Fewer soft-constraint violations first, then the lower CPU share; ties keep the earlier host. */
    private static boolean lessLoaded(int candidate, int current, int guest, ClusterModel model) {
        int soft = Integer.compare(model.softViolations(guest, candidate), model.softViolations(guest, current));
        return soft != 0 ? soft < 0 : model.share(candidate) < model.share(current);
    }

    /** Fewer soft-constraint violations first, then the higher CPU share (fill the fullest); ties keep the earlier. */
    private static boolean fuller(int candidate, int current, int guest, ClusterModel model) {
        int soft = Integer.compare(model.softViolations(guest, candidate), model.softViolations(guest, current));
        return soft != 0 ? soft < 0 : model.share(candidate) > model.share(current);
    }

    private void consolidate(ClusterView view, ThresholdSettings s, boolean[] tier, ClusterModel model,
                             List<String> notes) {
        List<Integer> cold = new ArrayList<>();
        for (int h = 0; h < model.hostCount(); h++) {
            if (model.usable(h) && model.guestCount(h) > 0 && tierGuestsOn(model, h, tier).isEmpty()
                    && loadSeries(view, model.host(h)).lastAll(s.sustainCycles(), v -> v < s.low())) {
                cold.add(h);
            }
        }
        cold.sort(Comparator.comparingDouble(model::share).thenComparing(h -> model.host(h).name()));
        for (int host : cold) {
            // A host that receives guests, or has a migration under way, is not emptied now.
            if (model.incoming(host) > 0 || model.outgoing(host) > 0) {
                continue;
            }
            int[] guests = model.guestsOnHost(host);
            boolean pinned = false;
            for (int g : guests) {
                pinned |= model.pinned(g);
            }
            if (pinned) {
                continue;
            }
            // Try the whole host; keep the moves only if every guest finds a place.
            int mark = model.mark();
            boolean placed = true;
            List<Integer> order = new ArrayList<>();
            for (int g : guests) {
                order.add(g);
            }
            order.sort(Comparator.comparingDouble((Integer g) -> -model.demand(g)).thenComparing(g -> model.guest(g).name()));
            for (int g : order) {
                int best = -1;
                for (int candidate = 0; candidate < model.hostCount(); candidate++) {
                    // Only hosts running (or receiving) guests receive: spreading onto empty hosts is not consolidation.
                    if (model.guestCount(candidate) > 0 && model.usable(candidate)
                            && model.fits(g, candidate, s.consolidationCeiling())
                            && (best < 0 || fuller(candidate, best, g, model))) {
                        best = candidate;
                    }
                }
                if (best < 0) {
                    placed = false;
                    break;
                }
                model.move(g, best, String.format(Locale.ROOT,
                        "consolidate: %s below %.0f%% for %d cycles; %s to %s (%.0f%% after)", model.host(host).name(),
                        100 * s.low(), s.sustainCycles(), model.guest(g).name(), model.host(best).name(),
                        100 * (model.demandOn(best) + model.demand(g)) / model.capacity(best)));
            }
            if (placed) {
                notes.add(model.host(host).name() + " can be emptied");
            } else {
                model.rollback(mark);
            }
        }
    }

    /** The host's recent CPU demand shares; utilisation when no demand is published. */
    static Series loadSeries(ClusterView view, Host host) {
        Series demand = view.metrics().series(Subject.host(host.id()), Metrics.CPU_DEMAND);
        return demand.isEmpty() ? view.metrics().series(Subject.host(host.id()), Metrics.CPU_UTILIZATION) : demand;
    }
}
