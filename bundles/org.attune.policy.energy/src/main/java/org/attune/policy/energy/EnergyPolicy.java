package org.attune.policy.energy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;

/**
 * P2 energy. Demand is projected one boot time ahead from its recent trend (rising trends only: a host must be
 * on before it is needed, and falling demand is not trusted until it is there).
 * <ol>
 * <li>When the projected demand exceeds {@code powerOnThreshold} of the capacity of the hosts that are on or
 * booting, the plan powers OFF hosts on (largest first) until it does not.</li>
 * <li>A host whose current demand exceeds {@code powerOnThreshold} of its capacity sheds one guest (the smallest
 * that is enough) to the least-loaded host that is on and stays at or below {@code targetUtilization} with it:
 * that is how a host just powered on takes load. A plan that powers on or relieves does nothing else.</li>
 * <li>Otherwise empty hosts that are on are powered off (smallest first) while the projected demand stays at
 * or below {@code powerOffThreshold} of the capacity that remains, and at least {@code minHostsOn} stay on. The
 * gap between the two thresholds is the hysteresis that keeps hosts from flapping.</li>
 * <li>And the least-loaded host that runs guests is emptied, whole, onto the other hosts that run guests when
 * each of them stays at or below {@code targetUtilization} (guests counted at their recent peak): its power-off
 * follows in a later plan, once it is empty.</li>
 * </ol>
 * Pure: the answer depends on the view and the settings only.
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
        List<Action> actions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Demand demand = Demand.of(view, s);
        double onCapacity = 0;
        double comingCapacity = 0;
        int on = 0;
        for (Host h : view.hosts()) {
            if (h.availability() != Availability.ONLINE) {
                continue;
            }
            if (h.power() == PowerState.ON) {
                onCapacity += h.cpuCapacity();
                on++;
            } else if (h.power() == PowerState.BOOTING) {
                comingCapacity += h.cpuCapacity();
            }
        }
        double available = onCapacity + comingCapacity;
        notes.add(String.format(Locale.ROOT, "demand %.0f MIPS now, %.0f projected in %.0f s (trend %+.2f MIPS/s); "
                        + "capacity %.0f on, %.0f booting", demand.now, demand.projected, demand.horizonSeconds,
                demand.slopePerSecond, onCapacity, comingCapacity));

        if (demand.projected > s.powerOnThreshold() * available) {
            List<Host> off = view.hosts().stream()
                    .filter(h -> h.power() == PowerState.OFF && h.availability() == Availability.ONLINE)
                    .sorted(Comparator.comparingDouble((Host h) -> -h.cpuCapacity()).thenComparing(Host::name)).toList();
            for (Host h : off) {
                if (demand.projected <= s.powerOnThreshold() * available) {
                    break;
                }
                actions.add(new Action.PowerOn(h.id(), String.format(Locale.ROOT,
                        "projected demand %.0f MIPS in %.0f s (boot time included) > %.0f%% of %.0f MIPS on or booting; "
                                + "%s adds %.0f", demand.projected, demand.horizonSeconds, 100 * s.powerOnThreshold(),
                        available, h.name(), h.cpuCapacity())));
                available += h.cpuCapacity();
            }
            if (demand.projected > s.powerOnThreshold() * available) {
                notes.add("not enough hosts to power on: projected demand would still exceed "
                        + Math.round(100 * s.powerOnThreshold()) + "% of all capacity");
            }
        }
        boolean poweringOn = !actions.isEmpty();

        Set<String> busy = new HashSet<>();
        for (MigrationInFlight m : view.inFlight().values()) {
            busy.add(m.fromHostId());
            busy.add(m.toHostId());
        }
        int before = actions.size();
        relieve(view, s, demand, busy, actions, notes);
        if (poweringOn || actions.size() > before) {
            // Capacity is short somewhere: nothing is switched off or consolidated in this plan.
            return new Plan(s.name(), actions, notes);
        }
        List<Host> empty = view.hosts().stream().filter(Host::usable)
                .filter(h -> view.guestsOn(h.id()).isEmpty() && !busy.contains(h.id()))
                .sorted(Comparator.comparingDouble(Host::cpuCapacity).thenComparing(Host::name)).toList();
        double remaining = onCapacity;
        Set<String> poweredOff = new HashSet<>();
        for (Host h : empty) {
            double after = remaining - h.cpuCapacity();
            if (on - poweredOff.size() <= s.minHostsOn() || demand.projected > s.powerOffThreshold() * after) {
                continue;
            }
            actions.add(new Action.PowerOff(h.id(), String.format(Locale.ROOT,
                    "%s is empty; projected demand %.0f MIPS stays under %.0f%% of the %.0f MIPS left on", h.name(),
                    demand.projected, 100 * s.powerOffThreshold(), after)));
            remaining = after;
            poweredOff.add(h.id());
        }
        consolidate(view, s, demand, busy, actions, notes);
        return new Plan(s.name(), actions, notes);
    }

    /**
     * Moves one guest off each host whose current demand exceeds {@code powerOnThreshold} of its capacity: the
     * smallest guest whose departure is enough (else the biggest), to the least-loaded host that is on and stays at
     * or below {@code targetUtilization} with it (a host just powered on is such a host).
     */
    private static void relieve(ClusterView view, EnergySettings s, Demand demand, Set<String> busy,
                                List<Action> actions, List<String> notes) {
        Map<String, Double> load = new HashMap<>();
        Map<String, Long> memory = new HashMap<>();
        for (Host h : view.hosts()) {
            load.put(h.id(), view.hostCpuDemand(h.id()) * h.cpuCapacity());
            memory.put(h.id(), view.memoryCommitted(h.id()));
        }
        List<Host> hot = view.hosts().stream().filter(Host::usable).filter(h -> h.cpuCapacity() > 0)
                .filter(h -> load.get(h.id()) > s.powerOnThreshold() * h.cpuCapacity() && !busy.contains(h.id()))
                .sorted(Comparator.comparingDouble((Host h) -> -load.get(h.id()) / h.cpuCapacity()).thenComparing(Host::name))
                .toList();
        for (Host host : hot) {
            if (actions.stream().filter(Action.Migrate.class::isInstance).count() >= s.maxMigrations()) {
                return;
            }
            double excess = load.get(host.id()) - s.powerOnThreshold() * host.cpuCapacity();
            List<Guest> movable = view.guestsOn(host.id()).stream().filter(g -> !view.isPinned(g.id()))
                    .sorted(Comparator.comparingDouble((Guest g) -> view.guestCpuDemand(g.id())).thenComparing(Guest::name))
                    .toList();
            if (movable.isEmpty()) {
                continue;
            }
            Guest chosen = movable.stream().filter(g -> view.guestCpuDemand(g.id()) >= excess).findFirst()
                    .orElse(movable.get(movable.size() - 1));
            double need = Math.max(view.guestCpuDemand(chosen.id()), demand.peak(chosen.id()));
            Host target = null;
            for (Host t : view.hosts()) {
                if (!t.usable() || t.id().equals(host.id()) || !view.sameDriver(host.id(), t.id()) || t.cpuCapacity() <= 0
                        || load.get(t.id()) + need > s.targetUtilization() * t.cpuCapacity()
                        || memory.get(t.id()) + chosen.memoryMiB() > t.memoryMiB()) {
                    continue;
                }
                if (target == null || load.get(t.id()) / t.cpuCapacity() < load.get(target.id()) / target.cpuCapacity()) {
                    target = t;
                }
            }
            if (target == null) {
                notes.add(host.name() + " is above " + Math.round(100 * s.powerOnThreshold())
                        + "% and no running host can take " + chosen.name() + " yet");
                continue;
            }
            actions.add(Action.live(chosen.id(), host.id(), target.id(), String.format(Locale.ROOT,
                    "%s demand %.0f%% > %.0f%%; %s (%.0f) to %s (%.0f%% after)", host.name(),
                    100 * load.get(host.id()) / host.cpuCapacity(), 100 * s.powerOnThreshold(), chosen.name(), need,
                    target.name(), 100 * (load.get(target.id()) + need) / target.cpuCapacity())));
            load.merge(host.id(), -need, Double::sum);
            load.merge(target.id(), need, Double::sum);
            memory.merge(target.id(), chosen.memoryMiB(), Long::sum);
        }
    }

    /** Empties the least-loaded host that runs guests onto the other hosts that run guests, whole or not at all. */
    private static void consolidate(ClusterView view, EnergySettings s, Demand demand, Set<String> busy,
                                    List<Action> actions, List<String> notes) {
        Map<String, Double> load = new HashMap<>();
        Map<String, Long> memory = new HashMap<>();
        for (Host h : view.hosts()) {
            double sum = 0;
            for (Guest g : view.guestsOn(h.id())) {
                sum += demand.peak(g.id());
            }
            load.put(h.id(), sum);
            memory.put(h.id(), view.memoryCommitted(h.id()));
        }
        for (MigrationInFlight m : view.inFlight().values()) {
            double p = demand.peak(m.guestId());
            load.merge(m.toHostId(), p, Double::sum);
            load.merge(m.fromHostId(), -p, Double::sum);
        }
        List<Host> running = view.hosts().stream().filter(Host::usable)
                .filter(h -> !view.guestsOn(h.id()).isEmpty()).toList();
        List<Host> sources = running.stream().filter(h -> !busy.contains(h.id()))
                .sorted(Comparator.comparingDouble((Host h) -> load.get(h.id()) / Math.max(1, h.cpuCapacity()))
                        .thenComparing(Host::name)).toList();
        for (Host source : sources) {
            List<Guest> guests = view.guestsOn(source.id());
            if (guests.size() > s.maxMigrations() || guests.stream().anyMatch(g -> view.isPinned(g.id()))) {
                continue;
            }
            Map<String, Double> trialLoad = new HashMap<>(load);
            Map<String, Long> trialMemory = new HashMap<>(memory);
            List<Action> moves = new ArrayList<>();
            for (Guest g : guests.stream().sorted(Comparator.comparingDouble((Guest g) -> -demand.peak(g.id()))
                    .thenComparing(Guest::name)).toList()) {
                double need = demand.peak(g.id());
                Host best = null;
                for (Host t : running) {
                    if (t.id().equals(source.id()) || !view.sameDriver(source.id(), t.id()) || t.cpuCapacity() <= 0
                            || trialLoad.get(t.id()) + need > s.targetUtilization() * t.cpuCapacity()
                            || trialMemory.get(t.id()) + g.memoryMiB() > t.memoryMiB()) {
                        continue;
                    }
                    // Best fit: the fullest host that still takes it, so the others stay emptiable.
                    if (best == null || trialLoad.get(t.id()) / t.cpuCapacity() > trialLoad.get(best.id()) / best.cpuCapacity()) {
                        best = t;
                    }
                }
                if (best == null) {
                    moves = null;
                    break;
                }
                moves.add(Action.live(g.id(), source.id(), best.id(), String.format(Locale.ROOT,
                        "consolidate to power %s off: %s (peak %.0f) to %s (%.0f%% after, target %.0f%%)", source.name(),
                        g.name(), need, best.name(), 100 * (trialLoad.get(best.id()) + need) / best.cpuCapacity(),
                        100 * s.targetUtilization())));
                trialLoad.merge(best.id(), need, Double::sum);
                trialMemory.merge(best.id(), g.memoryMiB(), Long::sum);
            }
            if (moves != null) {
                actions.addAll(moves);
                notes.add(source.name() + " is being emptied; it is powered off once it is empty");
                return;
            }
        }
    }

    /** Recent demand of the whole cluster: now, its rising trend, and each guest's peak. */
    static final class Demand {
        double now;
        double projected;
        double slopePerSecond;
        double horizonSeconds;
        final Map<String, Double> peaks = new HashMap<>();

        double peak(String guestId) {
            return peaks.getOrDefault(guestId, 0.0);
        }

        static Demand of(ClusterView view, EnergySettings s) {
            Demand d = new Demand();
            int n = s.historyCycles();
            double[] totals = new double[n];
            long[] times = new long[n];
            int depth = 0;
            for (Guest g : view.guests()) {
                Series series = view.metrics().series(Subject.guest(g.id()), Metrics.CPU_DEMAND);
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
                d.peaks.put(g.id(), peak);
                d.now += series.latest(0);
            }
            // Least-squares slope over the newest samples that exist for the cluster.
            double stepSeconds = 0;
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
                stepSeconds = (times[n - 1] - times[from]) / 1000.0 / (depth - 1);
            }
            // Decide now for a host that must be usable after its boot and one more sampling step.
            d.horizonSeconds = s.bootSeconds() + Math.max(0, stepSeconds);
            d.projected = d.now + Math.max(0, d.slopePerSecond) * d.horizonSeconds;
            return d;
        }
    }
}
