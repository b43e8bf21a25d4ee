package org.attune.policy.forecast.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.attune.api.ClusterView;
import org.attune.api.Metrics;
import org.attune.api.PowerState;
import org.attune.api.driver.MigrationMode;
import org.attune.api.policy.Plan;
import org.attune.model.Aggregate;
import org.attune.model.ClusterModel;
import org.attune.policy.forecast.ForecastSettings;

/**
 * One planning pass of the forecast policy on the shared {@link ClusterModel}. Not thread-safe; one per plan.
 *
 * <p>Every guest contributes its last {@code window} demand samples ({@link Metrics#CPU_DEMAND}, capacity units); a
 * young guest's missing older samples are its highest sample so far plus a margin per missing sample. A host's
 * <em>aggregate</em> is the sample-wise sum over its guests (the model keeps it as guests move), and its
 * <em>forecast</em> the larger of its demand now and the {@code quantile} of its aggregate: guests that peak together
 * add up, guests that peak apart share headroom, and a volatile host keeps more room than a steady one.
 *
 * <p>A guest <em>fits</em> a host when the model says so (memory held on both ends of migrations, cores, driver,
 * hard placement constraints), the host's forecast with it stays at or below {@code fill}, and its own peak over the
 * window stays within its vCPUs' cores there (a slower core would cap it). Among the hosts it fits, it goes where it
 * leaves the least memory free (memory is what runs out first), then where the forecast is highest.
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

    /** Candidate hosts examined per placement, in order of free memory, which bounds a plan's cost. */
    private static final int PROBES = 64;

    private final ClusterModel model;
    private final ForecastSettings s;
    private final int w;
    private final int qIndex;
    private final int nh;
    private final int ng;
    private final Aggregate agg;
    private final double[] own;
    private final double[] peak;
    private final double[] forecast;
    private final boolean[] forecastValid;
    private final boolean[] noReceive;
    private final boolean[] inIndex;
    private final long[] indexedFree;
    private final TreeSet<Integer> index;
    private final double[] scratch;
    private final boolean unmeasuredGuests;
    private long probeFree;

    public ForecastPlanner(ClusterView view, ForecastSettings settings) {
        this.model = ClusterModel.of(view);
        this.s = settings;
        this.w = settings.window();
        this.qIndex = Math.max(0, Math.min(w - 1, (int) Math.ceil(settings.quantile() * w) - 1));
        this.scratch = new double[w];
        nh = model.hostCount();
        ng = model.guestCount();
        own = new double[ng];
        peak = new double[ng];
        double[][] vectors = new double[ng][];
        boolean unmeasured = false;
        for (int g = 0; g < ng; g++) {
            double[] tail = model.history(g).tail(w);
            double[] v = new double[w];
            int missing = w - tail.length;
            double max = 0;
            for (double x : tail) {
                max = Math.max(max, x);
            }
            double pad = max * (1 + s.youngMargin() * missing);
            for (int i = 0; i < w; i++) {
                v[i] = i < missing ? pad : Math.max(0, tail[i - missing]);
            }
            vectors[g] = v;
            peak[g] = Math.max(max, pad);
            own[g] = Math.max(model.demand(g), quantileOf(v));
            unmeasured |= !model.measured(g);
        }
        this.unmeasuredGuests = unmeasured;
        this.agg = model.aggregate(w, g -> vectors[g]);
        forecast = new double[nh];
        forecastValid = new boolean[nh];
        noReceive = new boolean[nh];
        inIndex = new boolean[nh];
        indexedFree = new long[nh];
        for (int h = 0; h < nh; h++) {
            // A host holding a guest we know nothing about receives no guest on a guess.
            for (int i = 0, n = model.guestCount(h); i < n; i++) {
                if (!model.measured(model.guestOn(h, i))) {
                    noReceive[h] = true;
                }
            }
        }
        index = new TreeSet<>((a, b) -> {
            long fa = a < 0 ? probeFree : indexedFree[a];
            long fb = b < 0 ? probeFree : indexedFree[b];
            int c = Long.compare(fa, fb);
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int h = 0; h < nh; h++) {
            reindex(h);
        }
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
        if (unmeasuredGuests) {
            notes.add("guests without cpu.demand samples stay where they are, and their hosts receive no guests");
        }
        return model.plan(policy, notes);
    }

    // ---- relief ----------------------------------------------------------------------------------------------

    private boolean hot(int h) {
        double cap = model.capacity(h);
        return model.demandOn(h) > s.hot() * cap || forecast(h) > s.hot() * cap;
    }

    private int relieve() {
        List<Integer> hot = new ArrayList<>();
        for (int h = 0; h < nh; h++) {
            if (model.usable(h) && model.guestCount(h) > 0 && hot(h)) {
                hot.add(h);
                noReceive[h] = true;
                reindex(h);
            }
        }
        int relieved = 0;
        for (int h : hot) {
            double before = forecast(h);
            List<Integer> moving = new ArrayList<>();
            while (forecast(h) > s.fill() * model.capacity(h)) {
                int g = pickToRelieve(h);
                if (g < 0) {
                    break;
                }
                model.evict(g);
                touched(h);
                moving.add(g);
            }
            moving.sort((a, b) -> Double.compare(own[b], own[a]));
            boolean any = false;
            for (int g : moving) {
                int target = bestFit(g, false);
                if (target < 0 && s.powerManagement()) {
                    target = wake(g);
                }
                if (target < 0) {
                    model.restore(g); // nowhere to go: it stays
                    touched(h);
                    continue;
                }
                any = true;
                move(g, target, model.host(h).name() + " is hot (forecast " + pct(before, model.capacity(h))
                        + " of capacity); " + model.guest(g).name() + " to " + model.host(target).name()
                        + " (forecast there " + pct(forecastWith(target, g), model.capacity(target)) + ")");
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
            if (largest < 0 || own[g] > own[largest]) {
                largest = g;
            }
            if (forecastWithout(h, g) <= limit && (enough < 0
                    || model.guest(g).memoryMiB() < model.guest(enough).memoryMiB()
                    || (model.guest(g).memoryMiB() == model.guest(enough).memoryMiB() && own[g] < own[enough]))) {
                enough = g;
            }
        }
        return enough >= 0 ? enough : largest;
    }

    // ---- consolidation ---------------------------------------------------------------------------------------

    private int consolidate() {
        List<Integer> cold = new ArrayList<>();
        for (int h = 0; h < nh; h++) {
            if (model.usable(h) && model.guestCount(h) > 0 && !noReceive[h] && model.incoming(h) == 0
                    && model.outgoing(h) == 0 && forecast(h) < s.cold() * model.capacity(h)) {
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
            int[] moving = model.guestsOnHost(h);
            boolean stuck = false;
            for (int g : moving) {
                stuck |= model.pinned(g) || !model.measured(g);
            }
            if (stuck) {
                continue;
            }
            noReceive[h] = true;
            reindex(h);
            Integer[] order = new Integer[moving.length];
            for (int i = 0; i < moving.length; i++) {
                order[i] = moving[i];
            }
            // Largest memory first (the hardest to place), then the largest forecast.
            Arrays.sort(order, (a, b) -> {
                int c = Long.compare(model.guest(b).memoryMiB(), model.guest(a).memoryMiB());
                return c != 0 ? c : Double.compare(own[b], own[a]);
            });
            int mark = model.mark();
            int[] targets = new int[order.length];
            int placed = 0;
            boolean ok = true;
            String reason = model.host(h).name() + " is cold (forecast " + pct(forecast(h), model.capacity(h))
                    + ") and can be emptied; ";
            for (int i = 0; i < order.length; i++) {
                int g = order[i];
                int t = bestFit(g, true);
                if (t < 0) {
                    ok = false;
                    break;
                }
                targets[i] = t;
                placed++;
                move(g, t, reason + model.guest(g).name() + " to " + model.host(t).name() + " (forecast there "
                        + pct(forecastWith(t, -1), model.capacity(t)) + ")");
            }
            if (!ok) {
                model.rollback(mark);
                for (int i = 0; i < placed; i++) {
                    touched(targets[i]);
                }
                noReceive[h] = false;
                touched(h);
                continue;
            }
            evacuated++;
            for (int t : targets) {
                received[t] = true;
            }
        }
        return evacuated;
    }

    // ---- placement -------------------------------------------------------------------------------------------

    /**
     * The running host where the guest fits and leaves the least memory free, then whose power grows least with it
     * (the host's power curve at its demand now); -1 if none. {@code consolidating}: only hosts that already run
     * guests (filling, not spreading).
     */
    private int bestFit(int g, boolean consolidating) {
        long need = model.guest(g).memoryMiB();
        probeFree = need;
        int best = -1;
        long bestFree = Long.MAX_VALUE;
        double bestWatts = Double.MAX_VALUE;
        int probes = 0;
        for (Integer t = index.ceiling(-1); t != null && probes < PROBES; t = index.higher(t)) {
            if (consolidating && model.guestCount(t) == 0) {
                continue;
            }
            probes++;
            if (!fits(g, t)) {
                continue;
            }
            long free = model.memoryFree(t) - need;
            if (best >= 0 && free > bestFree) {
                break; // ascending free memory: nothing later fits tighter
            }
            double cap = model.capacity(t);
            double now = model.demandOn(t);
            double watts = model.profile(t).watts((now + model.demand(g)) / cap) - model.profile(t).watts(now / cap);
            if (best < 0 || free < bestFree || watts < bestWatts) {
                best = t;
                bestFree = free;
                bestWatts = watts;
            }
        }
        return best;
    }

    /** A host powered on for the guest: the one that draws least when idle and takes it; -1 if none. */
    private int wake(int g) {
        int best = -1;
        for (int h = 0; h < nh; h++) {
            if (!model.wakeable(h) || !model.fitsIfPoweredOn(g, h) || !cpuFits(g, h)) {
                continue;
            }
            if (best < 0 || model.profile(h).idleWatts() < model.profile(best).idleWatts()
                    || (model.profile(h).idleWatts() == model.profile(best).idleWatts()
                    && model.capacity(h) > model.capacity(best))) {
                best = h;
            }
        }
        if (best >= 0) {
            model.powerOn(best, "power on " + model.host(best).name() + " for " + model.guest(g).name()
                    + ": no running host has room for it");
            noReceiveOff(best);
        }
        return best;
    }

    private void noReceiveOff(int h) {
        noReceive[h] = false;
        reindex(h);
    }

    private boolean fits(int g, int h) {
        return !noReceive[h] && model.fits(g, h) && cpuFits(g, h);
    }

    /** The host's forecast with the guest stays under fill, and the guest's peak within its cores there. */
    private boolean cpuFits(int g, int h) {
        double cap = model.capacity(h);
        return forecastWith(h, g) <= s.fill() * cap + 1e-9
                && peak[g] <= Math.max(1, model.guest(g).vcpus()) * model.coreCapacity(h) + 1e-9;
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

    // ---- forecasts and the index -----------------------------------------------------------------------------

    private void touched(int h) {
        forecastValid[h] = false;
        reindex(h);
    }

    private double forecast(int h) {
        if (!forecastValid[h]) {
            forecast[h] = model.guestCount(h) == 0 ? 0 : Math.max(model.demandOn(h), quantileOf(agg.sum(h)));
            forecastValid[h] = true;
        }
        return forecast[h];
    }

    /** The host's forecast with guest {@code g} added (-1: as it is). */
    private double forecastWith(int h, int g) {
        if (g < 0) {
            return forecast(h);
        }
        agg.sumWith(h, g, scratch);
        return Math.max(model.demandOn(h) + model.demand(g), quantileInPlace(scratch));
    }

    private double forecastWithout(int h, int g) {
        if (model.guestCount(h) <= 1) {
            return 0;
        }
        agg.sumWithout(h, g, scratch);
        return Math.max(model.demandOn(h) - model.demand(g), quantileInPlace(scratch));
    }

    /** Running hosts that may receive guests, ordered by free memory. */
    private void reindex(int h) {
        if (index == null) {
            return;
        }
        if (inIndex[h]) {
            index.remove(h);
            inIndex[h] = false;
        }
        if (model.canReceive(h) && !noReceive[h]) {
            indexedFree[h] = model.memoryFree(h);
            index.add(h);
            inIndex[h] = true;
        }
    }

    private double quantileOf(double[] v) {
        System.arraycopy(v, 0, scratch, 0, w);
        return quantileInPlace(scratch);
    }

    private double quantileInPlace(double[] values) {
        Arrays.sort(values, 0, w);
        return values[qIndex];
    }

    private static String pct(double value, double capacity) {
        return Math.round(100 * value / capacity) + "%";
    }
}
