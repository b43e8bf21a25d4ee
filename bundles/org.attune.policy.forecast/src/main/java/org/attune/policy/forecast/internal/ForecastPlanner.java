package org.attune.policy.forecast.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.attune.api.ClusterView;
import org.attune.api.driver.MigrationMode;
import org.attune.api.policy.Plan;
import org.attune.model.ClusterModel;
import org.attune.policy.forecast.ForecastSettings;

/**
 * One planning pass of the forecast policy on the shared {@link ClusterModel}. Not thread-safe; one per plan.
 *
 * <p>Guests that peak together add up, guests that peak apart share headroom, and a volatile host keeps more room
 * than a steady one: the {@link Forecasts} of hosts are quantiles of their guests' summed demand windows. A guest goes
 * where {@link Targets} finds it fits and leaves the least memory free (memory is what runs out first), then where
 * the host's power grows least.
 * <ol>
 * <li>Relief: a host whose demand or forecast exceeds {@code hot} gives up guests until its forecast is back at
 * {@code fill}, preferring a single guest that is enough, and among those the one with the least memory (the
 * shortest migration); it goes to the best fit on a running host, or to a host powered on for it.</li>
 * <li>Consolidation: hosts whose forecast is below {@code cold} are emptied completely or not at all, in the order
 * that saves the most power per migration: fewest guests first, then the host drawing most at idle; a host that
 * received guests in this plan is not emptied, nor one holding a pinned guest.</li>
 * <li>Power: empty hosts are switched off (once their guests have left: the orchestrator holds the action until
 * then).</li>
 * </ol>
 */
public final class ForecastPlanner {

    private final ClusterModel model;
    private final ForecastSettings s;
    private final Forecasts forecasts;
    private final Targets targets;

    public ForecastPlanner(ClusterView view, ForecastSettings settings) {
        this.model = ClusterModel.of(view);
        this.s = settings;
        this.forecasts = new Forecasts(model, settings);
        this.targets = new Targets(model, forecasts, settings);
    }

    public Plan plan(String policy) {
        List<String> notes = new ArrayList<>();
        int relieved = relieve();
        if (relieved > 0) {
            notes.add(relieved + " hot host(s) relieved");
        }
        int evacuated = consolidate();
        if (evacuated > 0) {
            notes.add(evacuated + " cold host(s) emptied");
        }
        if (s.powerManagement()) {
            int off = model.powerOffEmptyHosts();
            if (off > 0) {
                notes.add(off + " empty host(s) switched off");
            }
        }
        if (forecasts.unmeasuredGuests()) {
            notes.add("guests without cpu.demand samples stay where they are, and their hosts receive no guests");
        }
        return model.plan(policy, notes);
    }

    private boolean hot(int h) {
        double cap = model.capacity(h);
        return model.demandOn(h) > s.hot() * cap || forecasts.of(h) > s.hot() * cap;
    }

    private int relieve() {
        List<Integer> hot = new ArrayList<>();
        for (int h = 0; h < model.hostCount(); h++) {
            if (model.usable(h) && model.guestCount(h) > 0 && hot(h)) {
                hot.add(h);
                targets.close(h);
            }
        }
        int relieved = 0;
        for (int h : hot) {
            double before = forecasts.of(h);
            List<Integer> moving = new ArrayList<>();
            while (forecasts.of(h) > s.fill() * model.capacity(h)) {
                int g = pickToRelieve(h);
                if (g < 0) {
                    break;
                }
                model.evict(g);
                touched(h);
                moving.add(g);
            }
            moving.sort((a, b) -> Double.compare(forecasts.own(b), forecasts.own(a)));
            boolean any = false;
            for (int g : moving) {
                int target = targets.bestFit(g, false);
                if (target < 0 && s.powerManagement()) {
                    target = targets.wake(g);
                }
                if (target < 0) {
                    model.restore(g); // nowhere to go: it stays
                    touched(h);
                    continue;
                }
                any = true;
                move(g, target, model.host(h).name() + " is hot (forecast " + pct(before, model.capacity(h))
                        + " of capacity); " + model.guest(g).name() + " to " + model.host(target).name()
                        + " (forecast there " + pct(forecasts.with(target, g), model.capacity(target)) + ")");
            }
            if (any) {
                relieved++;
            }
        }
        return relieved;
    }

    /** A guest whose departure alone brings the host to fill (least memory first), else the largest forecaster. */
    private int pickToRelieve(int h) {
        int enough = -1;
        int largest = -1;
        double limit = s.fill() * model.capacity(h);
        for (int i = 0, n = model.guestCount(h); i < n; i++) {
            int g = model.guestOn(h, i);
            if (model.pinned(g) || !model.measured(g)) {
                continue;
            }
            if (largest < 0 || forecasts.own(g) > forecasts.own(largest)) {
                largest = g;
            }
            if (forecasts.without(h, g) <= limit && (enough < 0
                    || model.guest(g).memoryMiB() < model.guest(enough).memoryMiB()
                    || (model.guest(g).memoryMiB() == model.guest(enough).memoryMiB()
                    && forecasts.own(g) < forecasts.own(enough)))) {
                enough = g;
            }
        }
        return enough >= 0 ? enough : largest;
    }

    private int consolidate() {
        int nh = model.hostCount();
        List<Integer> cold = new ArrayList<>();
        for (int h = 0; h < nh; h++) {
            if (model.usable(h) && model.guestCount(h) > 0 && !targets.closed(h) && model.incoming(h) == 0
                    && model.outgoing(h) == 0 && forecasts.of(h) < s.cold() * model.capacity(h)) {
                cold.add(h);
            }
        }
        // The most power saved per migration first: fewest guests, then the host that draws most when idle, then
        // the least memory to place.
        cold.sort((a, b) -> {
            int c = Integer.compare(model.guestCount(a), model.guestCount(b));
            if (c != 0) {
                return c;
            }
            c = Double.compare(model.profile(b).idleWatts(), model.profile(a).idleWatts());
            if (c != 0) {
                return c;
            }
            c = Long.compare(model.memoryUsed(a), model.memoryUsed(b));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int evacuated = 0;
        boolean[] received = new boolean[nh];
        for (int h : cold) {
            if (s.maxEvacuations() > 0 && evacuated >= s.maxEvacuations()) {
                break;
            }
            if (received[h] || model.guestCount(h) == 0) {
                continue;
            }
            int[] placed = empty(h);
            if (placed == null) {
                continue;
            }
            evacuated++;
            for (int t : placed) {
                received[t] = true;
            }
        }
        return evacuated;
    }

    /** Moves every guest off the cold host, or none (null): largest memory first, then the largest forecast. */
    private int[] empty(int h) {
        int[] moving = model.guestsOnHost(h);
        for (int g : moving) {
            if (model.pinned(g) || !model.measured(g)) {
                return null;
            }
        }
        targets.close(h);
        Integer[] order = new Integer[moving.length];
        for (int i = 0; i < moving.length; i++) {
            order[i] = moving[i];
        }
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(model.guest(b).memoryMiB(), model.guest(a).memoryMiB());
            return c != 0 ? c : Double.compare(forecasts.own(b), forecasts.own(a));
        });
        int mark = model.mark();
        int[] placed = new int[order.length];
        String reason = model.host(h).name() + " is cold (forecast " + pct(forecasts.of(h), model.capacity(h))
                + ") and can be emptied; ";
        for (int i = 0; i < order.length; i++) {
            int g = order[i];
            int t = targets.bestFit(g, true);
            if (t < 0) {
                model.rollback(mark);
                for (int j = 0; j < i; j++) {
                    touched(placed[j]);
                }
                forecasts.invalidate(h);
                targets.open(h);
                return null;
            }
            placed[i] = t;
            move(g, t, reason + model.guest(g).name() + " to " + model.host(t).name() + " (forecast there "
                    + pct(forecasts.with(t, -1), model.capacity(t)) + ")");
        }
        return placed;
    }

    private void move(int g, int to, String reason) {
        int from = model.hostOf(g);
        model.move(g, to, MigrationMode.LIVE, reason);
        if (from >= 0) {
            touched(from);
        }
        touched(model.sourceOf(g));
        touched(to);
    }

    /** The host's guests or memory changed in the model. */
    private void touched(int h) {
        forecasts.invalidate(h);
        targets.update(h);
    }

    private static String pct(double value, double capacity) {
        return Math.round(100 * value / capacity) + "%";
    }
}
