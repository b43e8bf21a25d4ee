package org.attune.policy.energy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.model.Aggregate;
import org.attune.model.ClusterModel;

/**
 * P2 energy. Demand is projected one boot time ahead from its recent trend (rising trends only: a host must be
 * on before it is needed, and falling demand is not trusted until it is there). The boot time is the host's own,
 * from its {@link org.attune.api.PowerProfile} (configured once with the host): each host is judged over the time it
 * takes to boot, plus one sampling step.
 * <ol>
 * <li>While the demand projected over an OFF host's boot time exceeds {@code powerOnThreshold} of the capacity of
 * the hosts that are on or booting, the plan powers that host on (largest first); a host whose boot time leaves
 * room to wait is left for a later plan.</li>
 * <li>A host whose current demand exceeds {@code powerOnThreshold} of its capacity sheds one guest (the smallest
 * that is enough) to the least-loaded host that is on and stays at or below {@code targetUtilization} with it:
 * that is how a host just powered on takes load. A plan that powers on or relieves does nothing else.</li>
 * <li>Otherwise empty hosts that are on are powered off (smallest first) while the demand projected over the
 * host's boot time (what bringing it back would take) stays at or below {@code powerOffThreshold} of the capacity
 * that remains, and at least {@code minHostsOn} stay on. The
 * gap between the two thresholds is the hysteresis that keeps hosts from flapping.</li>
 * <li>And the least-loaded host that runs guests is emptied, whole, onto the other hosts that run guests when
 * each of them stays at or below {@code targetUtilization} (guests counted at their recent peak): its power-off
 * follows in a later plan, once it is empty.</li>
 * </ol>
 * The demand trend and the guests' peaks are the policy's analysis of the demand history. Placement, CPU demand per
 * host, memory, power states and transitions, whether a move fits (memory reserved on both ends of every migration,
 * cores, driver, host state, hard placement constraints) and the trial of emptying a host come from the shared
 * {@link ClusterModel}; the guests' peaks per host are an {@link Aggregate} over it. Among the hosts that fit, the
 * one that breaks fewer soft placement constraints comes first.
 *
 * <p>Pure: the answer depends on the view and the settings only.
 */
public class EnergyPolicy implements Policy {

    /** The default instance's name. */
    public static final String NAME = "energy";

    private volatile EnergySettings settings;

    public EnergyPolicy(EnergySettings settings) {
        this.settings = settings;
    }

    protected void configure(EnergySettings next) {
        this.settings = next;
    }

    public EnergySettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Plan plan(ClusterView view) {
        EnergySettings s = settings;
        ClusterModel model = ClusterModel.of(view);
        List<String> notes = new ArrayList<>();
        Demand demand = Demand.of(model, s);
        double onCapacity = 0;
        double comingCapacity = 0;
        int on = 0;
        for (int h = 0; h < model.hostCount(); h++) {
            if (model.host(h).availability() != Availability.ONLINE) {
                continue;
            }
            if (model.power(h) == PowerState.ON) {
                onCapacity += model.capacity(h);
                on++;
            } else if (model.power(h) == PowerState.BOOTING) {
                comingCapacity += model.capacity(h);
            }
        }
        double available = onCapacity + comingCapacity;
        notes.add(String.format(Locale.ROOT, "demand %.0f MIPS now, %.0f projected in %.0f s (trend %+.2f MIPS/s); "
                        + "capacity %.0f on, %.0f booting", demand.now, demand.projected(demand.longestBoot),
                demand.horizon(demand.longestBoot), demand.slopePerSecond, onCapacity, comingCapacity));

        // Each OFF host is judged over its own boot time: a host that boots fast enough can still be powered on
        // in a later plan; one that boots slowly must start now.
        List<Integer> off = new ArrayList<>();
        for (int h = 0; h < model.hostCount(); h++) {
            if (model.wakeable(h)) {
                off.add(h);
            }
        }
        off.sort(Comparator.comparingDouble((Integer h) -> -model.capacity(h)).thenComparing(h -> model.host(h).name()));
        boolean waits = false;
        for (int h : off) {
            double boot = bootSeconds(model, h);
            double projected = demand.projected(boot);
            if (projected <= s.powerOnThreshold() * available) {
                waits = true;
                continue;
            }
            model.powerOn(h, String.format(Locale.ROOT,
                    "projected demand %.0f MIPS in %.0f s (boot time included) > %.0f%% of %.0f MIPS on or booting; "
                            + "%s adds %.0f", projected, demand.horizon(boot), 100 * s.powerOnThreshold(), available,
                    model.host(h).name(), model.capacity(h)));
            available += model.capacity(h);
        }
        if (!waits && demand.projected(demand.longestBoot) > s.powerOnThreshold() * available) {
            notes.add("not enough hosts to power on: projected demand would still exceed "
                    + Math.round(100 * s.powerOnThreshold()) + "% of all capacity");
        }
        boolean poweringOn = !model.actions().isEmpty();

        int before = model.actions().size();
        relieve(model, s, demand, notes);
        if (poweringOn || model.actions().size() > before) {
            // Capacity is short somewhere: nothing is switched off or consolidated in this plan.
            return model.plan(s.name(), notes);
        }
        // Empty: no guest on it, going to it or still leaving it.
        List<Integer> empty = new ArrayList<>();
        for (int h = 0; h < model.hostCount(); h++) {
            if (model.usable(h) && model.empty(h)) {
                empty.add(h);
            }
        }
        empty.sort(Comparator.comparingDouble((Integer h) -> model.capacity(h)).thenComparing(h -> model.host(h).name()));
        double remaining = onCapacity;
        int poweredOff = 0;
        for (int h : empty) {
            double after = remaining - model.capacity(h);
            // Once off, the host needs its boot time to come back: the demand over that time must fit without it.
            double projected = demand.projected(bootSeconds(model, h));
            if (on - poweredOff <= s.minHostsOn() || projected > s.powerOffThreshold() * after) {
                continue;
            }
            model.powerOff(h, String.format(Locale.ROOT,
                    "%s is empty; projected demand %.0f MIPS stays under %.0f%% of the %.0f MIPS left on",
                    model.host(h).name(), projected, 100 * s.powerOffThreshold(), after));
            remaining = after;
            poweredOff++;
        }
        consolidate(model, s, demand, notes);
        return model.plan(s.name(), notes);
    }

    /** The host's boot time from its power profile, seconds (0 when the profile is not configured). */
    private static double bootSeconds(ClusterModel model, int h) {
        return model.profile(h).bootTime().toNanos() / 1e9;
    }

    /** A migration in flight to or from the host: it is neither relieved nor emptied now. */
    private static boolean busy(ClusterModel model, int h) {
        return model.incoming(h) > 0 || model.outgoing(h) > 0;
    }

    /**
     * Moves one guest off each host whose current demand exceeds {@code powerOnThreshold} of its capacity: the
     * smallest guest whose departure is enough (else the biggest), to the least-loaded host that is on and stays at
     * or below {@code targetUtilization} with it (a host just powered on is such a host once it is on).
     */
    private static void relieve(ClusterModel model, EnergySettings s, Demand demand, List<String> notes) {
        List<Integer> hot = new ArrayList<>();
        for (int h = 0; h < model.hostCount(); h++) {
            if (model.usable(h) && model.demandOn(h) > s.powerOnThreshold() * model.capacity(h) && !busy(model, h)) {
                hot.add(h);
            }
        }
        hot.sort(Comparator.comparingDouble((Integer h) -> -model.share(h)).thenComparing(h -> model.host(h).name()));
        int migrations = 0;
        for (int host : hot) {
            if (migrations >= s.maxMigrations()) {
                return;
            }
            double excess = model.demandOn(host) - s.powerOnThreshold() * model.capacity(host);
            List<Integer> movable = new ArrayList<>();
            for (int g : model.guestsOnHost(host)) {
                if (!model.pinned(g) && !model.movedByPlan(g)) {
                    movable.add(g);
                }
            }
            if (movable.isEmpty()) {
                continue;
            }
            movable.sort(Comparator.comparingDouble((Integer g) -> model.demand(g))
                    .thenComparing(g -> model.guest(g).name()));
            int chosen = movable.stream().filter(g -> model.demand(g) >= excess).findFirst()
                    .orElse(movable.get(movable.size() - 1));
            double need = Math.max(model.demand(chosen), demand.peaks[chosen]);
            int target = -1;
            for (int t = 0; t < model.hostCount(); t++) {
                if (!model.usable(t) || model.demandOn(t) + need > s.targetUtilization() * model.capacity(t)
                        || !model.fits(chosen, t)) {
                    continue;
                }
                if (target < 0 || fewerSoftThen(model, chosen, t, target, model.share(t) < model.share(target))) {
                    target = t;
                }
            }
            if (target < 0) {
                notes.add(model.host(host).name() + " is above " + Math.round(100 * s.powerOnThreshold())
                        + "% and no running host can take " + model.guest(chosen).name() + " yet");
                continue;
            }
            model.move(chosen, target, String.format(Locale.ROOT,
                    "%s demand %.0f%% > %.0f%%; %s (%.0f) to %s (%.0f%% after)", model.host(host).name(),
                    100 * model.share(host), 100 * s.powerOnThreshold(), model.guest(chosen).name(), need,
                    model.host(target).name(), 100 * (model.demandOn(target) + need) / model.capacity(target)));
            migrations++;
        }
    }

    /** Fewer soft-constraint violations for the guest first; on a tie, {@code otherwise}. */
    private static boolean fewerSoftThen(ClusterModel model, int guest, int candidate, int current, boolean otherwise) {
        int soft = Integer.compare(model.softViolations(guest, candidate), model.softViolations(guest, current));
        return soft != 0 ? soft < 0 : otherwise;
    }

    /** Empties the least-loaded host that runs guests onto the other hosts that run guests, whole or not at all. */
    private static void consolidate(ClusterModel model, EnergySettings s, Demand demand, List<String> notes) {
        Aggregate peaks = model.aggregate(1, g -> new double[] {demand.peaks[g]});
        List<Integer> sources = new ArrayList<>();
        for (int h = 0; h < model.hostCount(); h++) {
            if (model.usable(h) && model.guestCount(h) > 0 && !busy(model, h)) {
                sources.add(h);
            }
        }
        sources.sort(Comparator.comparingDouble((Integer h) -> peaks.sum(h)[0] / Math.max(1, model.capacity(h)))
                .thenComparing(h -> model.host(h).name()));
        for (int source : sources) {
            int[] guests = model.guestsOnHost(source);
            boolean pinned = false;
            for (int g : guests) {
                pinned |= model.pinned(g);
            }
            if (guests.length > s.maxMigrations() || pinned) {
                continue;
            }
            int mark = model.mark();
            List<Integer> order = new ArrayList<>();
            for (int g : guests) {
                order.add(g);
            }
            order.sort(Comparator.comparingDouble((Integer g) -> -demand.peaks[g]).thenComparing(g -> model.guest(g).name()));
            boolean placed = true;
            for (int g : order) {
                double need = demand.peaks[g];
                int best = -1;
                for (int t = 0; t < model.hostCount(); t++) {
                    // Only hosts that run guests receive; fits() refuses the source itself.
                    if (!model.usable(t) || model.guestCount(t) == 0
                            || peaks.sum(t)[0] + need > s.targetUtilization() * model.capacity(t) || !model.fits(g, t)) {
                        continue;
                    }
                    // Best fit: the fullest host that still takes it, so the others stay emptiable.
                    if (best < 0 || fewerSoftThen(model, g, t, best,
                            peaks.sum(t)[0] / model.capacity(t) > peaks.sum(best)[0] / model.capacity(best))) {
                        best = t;
                    }
                }
                if (best < 0) {
                    placed = false;
                    break;
                }
                model.move(g, best, String.format(Locale.ROOT,
                        "consolidate to power %s off: %s (peak %.0f) to %s (%.0f%% after, target %.0f%%)",
                        model.host(source).name(), model.guest(g).name(), need, model.host(best).name(),
                        100 * (peaks.sum(best)[0] + need) / model.capacity(best), 100 * s.targetUtilization()));
            }
            if (placed) {
                notes.add(model.host(source).name() + " is being emptied; it is powered off once it is empty");
                return;
            }
            model.rollback(mark);
        }
    }

    /**
     * Recent demand of the whole cluster: now, its rising trend, each guest's peak (by guest index), and how far
     * ahead to look for a host of a given boot time.
     */
    static final class Demand {
        double now;
        double slopePerSecond;
        double stepSeconds;
        /** The longest boot time among the reachable hosts, seconds: the horizon the plan's headline note gives. */
        double longestBoot;
        double[] peaks;

        /** A host that must be usable after its boot and one more sampling step: that far ahead, seconds. */
        double horizon(double bootSeconds) {
            return bootSeconds + stepSeconds;
        }

        /** The demand one boot time (plus a sampling step) ahead, rising trends only. */
        double projected(double bootSeconds) {
            return now + Math.max(0, slopePerSecond) * horizon(bootSeconds);
        }

        static Demand of(ClusterModel model, EnergySettings s) {
            Demand d = new Demand();
            d.peaks = new double[model.guestCount()];
            int n = s.historyCycles();
            double[] totals = new double[n];
            long[] times = new long[n];
            int depth = 0;
            for (int g = 0; g < model.guestCount(); g++) {
                Series series = model.history(g);
                double peak = 0;
                int size = series.size();
                int k = Math.min(n, size);
                for (int i = 0; i < k; i++) {
                    // Align by position from the newest sample: samples of one cycle share it.
                    double v = series.value(size - 1 - i);
                    totals[n - 1 - i] += v;
                    times[n - 1 - i] = Math.max(times[n - 1 - i], series.time(size - 1 - i).toEpochMilli());
                    peak = Math.max(peak, v);
                }
                depth = Math.max(depth, k);
                d.peaks[g] = peak;
                d.now += series.latest(0);
            }
            // Least-squares slope over the newest samples that exist for the cluster.
            if (depth >= 2) {
                int from = n - depth;
                double mt = 0;
                double mv = 0;
                for (int i = from; i < n; i++) {
                    mt += times[i] / 1000.0;
                    mv += totals[i];
                }
                mt /= depth;
                mv /= depth;
                double num = 0;
                double den = 0;
                for (int i = from; i < n; i++) {
                    double dt = times[i] / 1000.0 - mt;
                    num += dt * (totals[i] - mv);
                    den += dt * dt;
                }
                d.slopePerSecond = den > 0 ? num / den : 0;
                d.stepSeconds = Math.max(0, (times[n - 1] - times[from]) / 1000.0 / (depth - 1));
            }
            for (int h = 0; h < model.hostCount(); h++) {
                if (model.host(h).availability() == Availability.ONLINE) {
                    d.longestBoot = Math.max(d.longestBoot, bootSeconds(model, h));
                }
            }
            return d;
        }
    }
}
