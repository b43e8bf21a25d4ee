package org.attune.policy.consolidation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.model.Aggregate;
import org.attune.model.ClusterModel;

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
 * <p>Activity and peaks are the policy's own analysis of the guests' demand history. Where guests are (and are
 * going), memory, whether a move fits (memory reserved on both ends of every migration, cores, driver, host state,
 * hard placement constraints) and the trial of emptying a whole host come from the shared {@link ClusterModel}; the
 * active guests' peaks per host are an {@link Aggregate} over it. Among the hosts that fit, the one that breaks
 * fewer soft placement constraints comes first.
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
        Run run = new Run(ClusterModel.of(view), s);
        List<String> notes = new ArrayList<>();
        run.relieve(notes);
        if (run.model.actions().isEmpty()) {
            run.fill(notes);
        }
        ClusterModel model = run.model;
        int gained = 0;
        int reserved = 0;
        int placed = 0;
        int used = 0;
        for (int h = 0; h < model.hostCount(); h++) {
            List<Guest> on = new ArrayList<>();
            for (int g : model.guestsOnHost(h)) {
                on.add(model.guest(g));
            }
            int fit = fullReservationFit(model.host(h), on, view);
            placed += on.size();
            reserved += fit;
            gained += on.size() - fit;
            used += on.isEmpty() ? 0 : 1;
        }
        int active = 0;
        for (int g = 0; g < model.guestCount(); g++) {
            active += run.active[g] ? 1 : 0;
        }
        notes.add(String.format(Locale.ROOT, "overbooking: %d places gained (%d guests placed on %d hosts, %d of them "
                        + "would fit by full vCPU reservation; %d active, %d inactive)", gained, placed, used, reserved,
                active, model.guestCount() - active));
        return model.plan(s.name(), notes);
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
     * One plan: the model, each guest's activity and peak (by guest index), and the active guests' peaks per host.
     * Trials move guests on the model itself and roll back what did not work out, so no plan copies the cluster.
     */
    private static final class Run {
        final ClusterModel model;
        final ConsolidationSettings s;
        final boolean[] active;
        final double[] peak;
        final Aggregate activeLoad;

        Run(ClusterModel model, ConsolidationSettings s) {
            this.model = model;
            this.s = s;
            int n = model.guestCount();
            active = new boolean[n];
            peak = new double[n];
            for (int g = 0; g < n; g++) {
                double max = 0;
                for (double v : model.history(g).tail(s.historyCycles())) {
                    max = Math.max(max, v);
                }
                int h = model.hostOf(g);
                double coreMips = h < 0 || model.host(h).cpus() <= 0 ? 0 : model.coreCapacity(h);
                boolean measured = !model.history(g).isEmpty();
                // Nothing measured yet: assume the most the guest can take, its whole vCPUs.
                peak[g] = measured ? max : model.guest(g).vcpus() * coreMips;
                active[g] = !measured || max > s.activeShare() * model.guest(g).vcpus() * coreMips;
            }
            activeLoad = model.aggregate(1, g -> new double[] {active[g] ? peak[g] : 0});
        }

        double activeLoad(int h) {
            return activeLoad.sum(h)[0];
        }

        boolean breaksRule(int h) {
            return activeLoad(h) > s.cpuCeiling() * model.capacity(h) + 1e-9;
        }

        /** Moves active guests off hosts whose active guests' peaks exceed the ceiling. */
        void relieve(List<String> notes) {
            List<Integer> broken = new ArrayList<>();
            for (int h = 0; h < model.hostCount(); h++) {
                if (model.usable(h) && breaksRule(h)) {
                    broken.add(h);
                }
            }
            broken.sort(Comparator.comparingDouble((Integer h) -> -activeLoad(h) / model.capacity(h))
                    .thenComparing(h -> model.host(h).name()));
            int migrations = 0;
            for (int host : broken) {
                Host from = model.host(host);
                // Smallest active guests first: the cheapest moves that may already be enough.
                List<Integer> candidates = new ArrayList<>();
                for (int g : model.guestsOnHost(host)) {
                    if (active[g] && !model.pinned(g) && !model.movedByPlan(g)) {
                        candidates.add(g);
                    }
                }
                candidates.sort(Comparator.comparingDouble((Integer g) -> peak[g])
                        .thenComparing(g -> model.guest(g).name()));
                for (int g : candidates) {
                    if (!breaksRule(host) || migrations >= s.maxMigrations()) {
                        break;
                    }
                    int target = bestFit(g, host, false);
                    if (target < 0) {
                        continue;
                    }
                    model.move(g, target, String.format(Locale.ROOT,
                            "active guests on %s peak at %.0f%% > %.0f%%; active %s (peak %.0f) to %s (active %.0f%% after)",
                            from.name(), 100 * activeLoad(host) / model.capacity(host), 100 * s.cpuCeiling(),
                            model.guest(g).name(), peak[g], model.host(target).name(),
                            100 * (activeLoad(target) + peak[g]) / model.capacity(target)));
                    migrations++;
                }
                if (breaksRule(host)) {
                    notes.add(from.name() + " breaks the rule (active peaks " + Math.round(activeLoad(host)) + " > "
                            + Math.round(s.cpuCeiling() * model.capacity(host))
                            + ") and no host can take more of them");
                }
            }
        }

        /** Empties the hosts with the least active demand onto the others, whole hosts only. */
        void fill(List<String> notes) {
            List<Integer> sources = new ArrayList<>();
            for (int h = 0; h < model.hostCount(); h++) {
                // Hosts with a migration in flight, either way, are left alone.
                if (model.usable(h) && model.guestCount(h) > 0 && model.incoming(h) == 0 && model.outgoing(h) == 0) {
                    sources.add(h);
                }
            }
            sources.sort(Comparator.comparingDouble((Integer h) -> activeLoad(h))
                    .thenComparingInt(model::guestCount).thenComparing(h -> model.host(h).name()));
            for (int host : sources) {
                int[] guests = model.guestsOnHost(host);
                boolean pinned = false;
                for (int g : guests) {
                    pinned |= model.pinned(g);
                }
                // A host that received guests in this plan is not emptied again.
                if (model.incoming(host) > 0 || model.actions().size() + guests.length > s.maxMigrations() || pinned) {
                    continue;
                }
                // Try the whole host on the model itself; roll back unless every guest finds a place.
                int mark = model.mark();
                List<Integer> order = new ArrayList<>();
                for (int g : guests) {
                    order.add(g);
                }
                // Active guests first (they need CPU room), then the biggest inactive ones (memory).
                order.sort(Comparator.comparing((Integer g) -> !active[g]).thenComparingDouble(g -> -peak[g])
                        .thenComparingLong(g -> -model.guest(g).memoryMiB()).thenComparing(g -> model.guest(g).name()));
                boolean placed = true;
                for (int g : order) {
                    int target = bestFit(g, host, true);
                    if (target < 0) {
                        placed = false;
                        break;
                    }
                    model.move(g, target, String.format(Locale.ROOT,
                            "overbook: empty %s; %s %s to %s (active peaks %.0f%%, memory %d/%d MiB after)",
                            model.host(host).name(), active[g] ? "active" : "inactive", model.guest(g).name(),
                            model.host(target).name(),
                            100 * (activeLoad(target) + (active[g] ? peak[g] : 0)) / model.capacity(target),
                            model.memoryAfterMoves(target) + model.guest(g).memoryMiB(), model.memory(target)));
                }
                if (placed) {
                    notes.add(model.host(host).name() + " can be emptied: its guests fill the room left on the other hosts");
                } else {
                    model.rollback(mark);
                }
            }
        }

        /**
         * The host that keeps the rule with the guest, fits it (model), breaks the fewest soft constraints and has
         * the least room left afterwards (best fit); when {@code usedOnly}, only hosts that already run guests
         * (filling, not spreading). -1 when none.
         */
        int bestFit(int g, int source, boolean usedOnly) {
            double need = active[g] ? peak[g] : 0;
            int best = -1;
            int bestSoft = Integer.MAX_VALUE;
            double bestRoom = Double.MAX_VALUE;
            for (int h = 0; h < model.hostCount(); h++) {
                if (h == source || !model.usable(h) || (usedOnly && model.guestCount(h) == 0)) {
                    continue;
                }
                double cpuLeft = s.cpuCeiling() * model.capacity(h) - activeLoad(h) - need;
                if (cpuLeft < -1e-9 || !model.fits(g, h)) {
                    continue;
                }
                long memLeft = model.memoryFree(h) - model.guest(g).memoryMiB();
                // Inactive guests are placed by memory, active ones by CPU: the resource they consume.
                double room = active[g] ? cpuLeft / model.capacity(h) : (double) memLeft / Math.max(1, model.memory(h));
                int soft = model.softViolations(g, h);
                if (soft < bestSoft || (soft == bestSoft && (room < bestRoom - 1e-12
                        || (Math.abs(room - bestRoom) <= 1e-12
                        && model.host(h).name().compareTo(model.host(best).name()) < 0)))) {
                    best = h;
                    bestSoft = soft;
                    bestRoom = room;
                }
            }
            return best;
        }
    }
}
