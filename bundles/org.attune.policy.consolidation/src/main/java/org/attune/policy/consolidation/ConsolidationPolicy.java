package org.attune.policy.consolidation;

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
 * P1 overbooking. Each guest is <em>active</em> when its CPU demand peaked above {@code activeShare} of its
 * vCPUs within the last {@code historyCycles} samples, <em>inactive</em> otherwise (a guest without samples
 * counts as active with a peak of its whole vCPUs: nothing is known, nothing is risked). The rule: on every host the active guests' peak
 * demands fit under {@code cpuCeiling} of its capacity, so active guests never slow each other down; inactive
 * guests only need memory, and fill whatever room is left.
 *
 * <p>One plan (1) moves active guests off hosts that break the rule, best fit onto hosts where they keep it;
 * (2) empties the hosts with the least active demand onto the others, when every guest of such a host finds a
 * place under the rule, which fills the used hosts' remaining room with inactive guests. Its notes count the
 * <em>places gained</em>: guests hosted beyond what reserving every guest's full vCPUs would allow.
 *
 * <p>Pure: the answer depends on the view and the settings only.
 */
public class ConsolidationPolicy implements Policy {

    /** The default instance's name. */
    public static final String NAME = "consolidation";

    private volatile ConsolidationSettings settings;

    public ConsolidationPolicy(ConsolidationSettings settings) {
        this.settings = settings;
    }

    /** Replaces the settings; the next plan uses them. */
    protected void configure(ConsolidationSettings next) {
        this.settings = next;
    }

    public ConsolidationSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Plan plan(ClusterView view) {
        ConsolidationSettings s = settings;
        State state = new State(view, s);
        List<Action> actions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        relieve(state, s, actions, notes);
        if (actions.isEmpty()) {
            fill(state, s, actions, notes);
        }
        int gained = 0;
        int reserved = 0;
        int placed = 0;
        for (Host h : view.hosts()) {
            List<Guest> on = state.guestsOn(h.id());
            int fit = fullReservationFit(h, on, view);
            placed += on.size();
            reserved += fit;
            gained += on.size() - fit;
        }
        long active = view.guests().stream().filter(g -> state.active(g.id())).count();
        notes.add(String.format(Locale.ROOT, "overbooking: %d places gained (%d guests placed on %d hosts, %d of them "
                        + "would fit by full vCPU reservation; %d active, %d inactive)", gained, placed,
                state.usedHosts(), reserved, active, view.guests().size() - active));
        return new Plan(s.name(), actions, notes);
    }

    /** Moves active guests off hosts whose active guests' peaks exceed the ceiling. */
    private static void relieve(State state, ConsolidationSettings s, List<Action> actions, List<String> notes) {
        List<Host> broken = state.view.hosts().stream().filter(Host::usable)
                .filter(h -> state.activeLoad(h.id()) > s.cpuCeiling() * h.cpuCapacity() + 1e-9)
                .sorted(Comparator.comparingDouble((Host h) -> -state.activeLoad(h.id()) / h.cpuCapacity())
                        .thenComparing(Host::name))
                .toList();
        for (Host host : broken) {
            // Smallest active guests first: the cheapest moves that may already be enough.
            List<Guest> candidates = state.guestsOn(host.id()).stream()
                    .filter(g -> state.active(g.id()) && !state.view.isPinned(g.id()))
                    .sorted(Comparator.comparingDouble((Guest g) -> state.peak(g.id())).thenComparing(Guest::name))
                    .toList();
            for (Guest g : candidates) {
                if (state.activeLoad(host.id()) <= s.cpuCeiling() * host.cpuCapacity() + 1e-9
                        || actions.size() >= s.maxMigrations()) {
                    break;
                }
                Host target = state.bestFit(g, host, Set.of());
                if (target == null) {
                    continue;
                }
                actions.add(Action.live(g.id(), host.id(), target.id(), String.format(Locale.ROOT,
                        "active guests on %s peak at %.0f%% > %.0f%%; active %s (peak %.0f) to %s (active %.0f%% after)",
                        host.name(), 100 * state.activeLoad(host.id()) / host.cpuCapacity(), 100 * s.cpuCeiling(),
                        g.name(), state.peak(g.id()), target.name(),
                        100 * (state.activeLoad(target.id()) + state.peak(g.id())) / target.cpuCapacity())));
                state.move(g, host.id(), target.id());
            }
            if (state.activeLoad(host.id()) > s.cpuCeiling() * host.cpuCapacity() + 1e-9) {
                notes.add(host.name() + " breaks the rule (active peaks " + Math.round(state.activeLoad(host.id()))
                        + " > " + Math.round(s.cpuCeiling() * host.cpuCapacity()) + ") and no host can take more of them");
            }
        }
    }

    /** Empties the hosts with the least active demand onto the others, whole hosts only. */
    private static void fill(State state, ConsolidationSettings s, List<Action> actions, List<String> notes) {
        List<Host> sources = state.view.hosts().stream().filter(Host::usable)
                .filter(h -> !state.guestsOn(h.id()).isEmpty() && !state.involved(h.id()))
                .sorted(Comparator.comparingDouble((Host h) -> state.activeLoad(h.id()))
                        .thenComparingInt(h -> state.guestsOn(h.id()).size()).thenComparing(Host::name))
                .toList();
        Set<String> emptied = new HashSet<>();
        Set<String> receivers = new HashSet<>();
        for (Host host : sources) {
            List<Guest> guests = state.guestsOn(host.id());
            if (receivers.contains(host.id()) || actions.size() + guests.size() > s.maxMigrations()
                    || guests.stream().anyMatch(g -> state.view.isPinned(g.id()))) {
                continue;
            }
            // Try the whole host on the state itself; roll back unless every guest finds a place.
            State trial = state;
            int mark = state.mark();
            Set<String> excluded = new HashSet<>(emptied);
            excluded.add(host.id());
            List<Action> moves = new ArrayList<>();
            // Active guests first (they need CPU room), then the biggest inactive ones (memory).
            for (Guest g : guests.stream().sorted(Comparator.comparing((Guest g) -> !trial.active(g.id()))
                    .thenComparingDouble(g -> -trial.peak(g.id())).thenComparingLong(g -> -g.memoryMiB())
                    .thenComparing(Guest::name)).toList()) {
                Host target = trial.bestFit(g, host, excluded, true);
                if (target == null) {
                    moves = null;
                    break;
                }
                moves.add(Action.live(g.id(), host.id(), target.id(), String.format(Locale.ROOT,
                        "overbook: empty %s; %s %s to %s (active peaks %.0f%%, memory %d/%d MiB after)", host.name(),
                        trial.active(g.id()) ? "active" : "inactive", g.name(), target.name(),
                        100 * (trial.activeLoad(target.id()) + (trial.active(g.id()) ? trial.peak(g.id()) : 0))
                                / target.cpuCapacity(),
                        trial.memory(target.id()) + g.memoryMiB(), target.memoryMiB())));
                trial.move(g, host.id(), target.id());
            }
            if (moves == null) {
                state.rollback(mark);
            } else {
                actions.addAll(moves);
                emptied.add(host.id());
                for (Action a : moves) {
                    receivers.add(((Action.Migrate) a).toHostId());
                }
                notes.add(host.name() + " can be emptied: its guests fill the room left on the other hosts");
            }
        }
    }

    /** How many of these guests one host could hold if each reserved its full vCPUs (smallest first). */
    static int fullReservationFit(Host host, List<Guest> guests, ClusterView view) {
        double coreMips = host.cpus() > 0 ? host.cpuCapacity() / host.cpus() : host.cpuCapacity();
        double used = 0;
        long memory = 0;
        int fit = 0;
        for (Guest g : guests.stream().sorted(Comparator.comparingInt(Guest::vcpus).thenComparingLong(Guest::memoryMiB))
                .toList()) {
            double need = g.vcpus() * coreMips;
            if (used + need > host.cpuCapacity() + 1e-9 || memory + g.memoryMiB() > host.memoryMiB()) {
                break;
            }
            used += need;
            memory += g.memoryMiB();
            fit++;
        }
        return fit;
    }

    /**
     * Activity, peaks and the placement as it will be once the planned and in-flight moves are done. Trials move
     * guests on the state itself and {@link #rollback} what did not work out, so no plan copies the cluster.
     */
    private static final class State {
        private record Move(Guest guest, String from, String to) {
        }

        final ClusterView view;
        final ConsolidationSettings s;
        final Map<String, Boolean> active = new HashMap<>();
        final Map<String, Double> peak = new HashMap<>();
        final Map<String, String> placement;
        final Map<String, List<Guest>> byHost = new HashMap<>();
        final Map<String, Double> activeLoad = new HashMap<>();
        final Map<String, Long> memory = new HashMap<>();
        final Set<String> involved = new HashSet<>();
        final List<Move> log = new ArrayList<>();

        State(ClusterView view, ConsolidationSettings s) {
            this.view = view;
            this.s = s;
            this.placement = new HashMap<>(view.placement());
            for (MigrationInFlight m : view.inFlight().values()) {
                placement.put(m.guestId(), m.toHostId());
                involved.add(m.fromHostId());
                involved.add(m.toHostId());
            }
            for (Guest g : view.guests()) {
                Series demand = view.metrics().series(Subject.guest(g.id()), Metrics.CPU_DEMAND);
                double max = 0;
                for (double v : demand.tail(s.historyCycles())) {
                    max = Math.max(max, v);
                }
                String hostId = placement.get(g.id());
                Host host = hostId == null ? null : view.host(hostId).orElse(null);
                double coreMips = host == null || host.cpus() <= 0 ? 0 : host.cpuCapacity() / host.cpus();
                // Nothing measured yet: assume the most the guest can take, its whole vCPUs.
                peak.put(g.id(), demand.isEmpty() ? g.vcpus() * coreMips : max);
                active.put(g.id(), demand.isEmpty() || max > s.activeShare() * g.vcpus() * coreMips);
                if (hostId != null) {
                    byHost.computeIfAbsent(hostId, k -> new ArrayList<>()).add(g);
                    memory.merge(hostId, g.memoryMiB(), Long::sum);
                    if (active.get(g.id())) {
                        activeLoad.merge(hostId, peak.get(g.id()), Double::sum);
                    }
                }
            }
        }

        boolean active(String guestId) {
            return active.getOrDefault(guestId, true);
        }

        double peak(String guestId) {
            return peak.getOrDefault(guestId, 0.0);
        }

        double activeLoad(String hostId) {
            return activeLoad.getOrDefault(hostId, 0.0);
        }

        long memory(String hostId) {
            return memory.getOrDefault(hostId, 0L);
        }

        boolean involved(String hostId) {
            return involved.contains(hostId);
        }

        /** The guests on a host once the moves so far are done, in the view's order of arrival. */
        List<Guest> guestsOn(String hostId) {
            return List.copyOf(byHost.getOrDefault(hostId, List.of()));
        }

        int usedHosts() {
            int used = 0;
            for (List<Guest> guests : byHost.values()) {
                used += guests.isEmpty() ? 0 : 1;
            }
            return used;
        }

        Host bestFit(Guest g, Host source, Set<String> excluded) {
            return bestFit(g, source, excluded, false);
        }

        /**
         * The host that keeps the rule with the guest and has the least room left afterwards (best fit); when
         * {@code usedOnly}, only hosts that already run guests (filling, not spreading).
         */
        Host bestFit(Guest g, Host source, Set<String> excluded, boolean usedOnly) {
            double need = active(g.id()) ? peak(g.id()) : 0;
            Host best = null;
            double bestRoom = Double.MAX_VALUE;
            for (Host h : view.hosts()) {
                if (!h.usable() || h.id().equals(source.id()) || excluded.contains(h.id())
                        || !view.sameDriver(source.id(), h.id()) || h.cpuCapacity() <= 0
                        || (usedOnly && byHost.getOrDefault(h.id(), List.of()).isEmpty())) {
                    continue;
                }
                double cpuLeft = s.cpuCeiling() * h.cpuCapacity() - activeLoad(h.id()) - need;
                long memLeft = h.memoryMiB() - memory(h.id()) - g.memoryMiB();
                if (cpuLeft < -1e-9 || memLeft < 0) {
                    continue;
                }
                // Inactive guests are placed by memory, active ones by CPU: the resource they consume.
                double room = active(g.id()) ? cpuLeft / h.cpuCapacity() : (double) memLeft / Math.max(1, h.memoryMiB());
                if (room < bestRoom - 1e-12 || (Math.abs(room - bestRoom) <= 1e-12 && h.name().compareTo(best.name()) < 0)) {
                    best = h;
                    bestRoom = room;
                }
            }
            return best;
        }

        void move(Guest g, String from, String to) {
            apply(g, from, to);
            log.add(new Move(g, from, to));
        }

        int mark() {
            return log.size();
        }

        /** Undoes the moves made since {@code mark}, newest first. */
        void rollback(int mark) {
            for (int i = log.size() - 1; i >= mark; i--) {
                Move m = log.remove(i);
                apply(m.guest(), m.to(), m.from());
            }
        }

        private void apply(Guest g, String from, String to) {
            placement.put(g.id(), to);
            byHost.getOrDefault(from, new ArrayList<>()).remove(g);
            byHost.computeIfAbsent(to, k -> new ArrayList<>()).add(g);
            memory.merge(from, -g.memoryMiB(), Long::sum);
            memory.merge(to, g.memoryMiB(), Long::sum);
            if (active(g.id())) {
                activeLoad.merge(from, -peak(g.id()), Double::sum);
                activeLoad.merge(to, peak(g.id()), Double::sum);
            }
        }
    }
}
