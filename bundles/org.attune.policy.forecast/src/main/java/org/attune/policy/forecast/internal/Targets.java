package org.attune.policy.forecast.internal;

import java.util.TreeSet;

import org.attune.model.ClusterModel;
import org.attune.policy.forecast.ForecastSettings;

/**
 * Where a guest may go in one planning pass: running hosts that may receive guests, indexed by free memory, and the
 * choice among them. Not thread-safe; one per plan.
 *
 * <p>A guest <em>fits</em> a host when the model says so (memory held on both ends of migrations, cores, driver,
 * hard placement constraints), the host's forecast with it stays at or below {@code fill}, and its own peak over the
 * window stays within its vCPUs' cores there (a slower core would cap it). A host holding a guest without samples
 * receives no guest on a guess, nor a host being relieved or emptied ({@link #close}).
 */
final class Targets {

    /** Candidate hosts examined per placement, in order of free memory, which bounds a plan's cost. */
    private static final int PROBES = 64;

    private final ClusterModel model;
    private final Forecasts forecasts;
    private final double fill;
    private final boolean[] closed;
    private final boolean[] indexed;
    private final long[] indexedFree;
    private final TreeSet<Integer> index;
    private long probeFree;

    Targets(ClusterModel model, Forecasts forecasts, ForecastSettings settings) {
        this.model = model;
        this.forecasts = forecasts;
        this.fill = settings.fill();
        int nh = model.hostCount();
        closed = new boolean[nh];
        indexed = new boolean[nh];
        indexedFree = new long[nh];
        for (int h = 0; h < nh; h++) {
            for (int i = 0, n = model.guestCount(h); i < n; i++) {
                if (!model.measured(model.guestOn(h, i))) {
                    closed[h] = true;
                }
            }
        }
        // Probe value -1 stands for the free memory asked for, so ceiling(-1) is the first host with enough.
        index = new TreeSet<>((a, b) -> {
            long fa = a < 0 ? probeFree : indexedFree[a];
            long fb = b < 0 ? probeFree : indexedFree[b];
            int c = Long.compare(fa, fb);
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int h = 0; h < nh; h++) {
            update(h);
        }
    }

    /** Whether the host receives no guests in this plan. */
    boolean closed(int h) {
        return closed[h];
    }

    /** The host receives no more guests in this plan. */
    void close(int h) {
        closed[h] = true;
        update(h);
    }

    /** The host may receive guests again (it was powered on for one, or its emptying was given up). */
    void open(int h) {
        closed[h] = false;
        update(h);
    }

    /** The host's memory or power changed in the model: its place in the index follows. */
    void update(int h) {
        if (indexed[h]) {
            index.remove(h);
            indexed[h] = false;
        }
        if (model.canReceive(h) && !closed[h]) {
            indexedFree[h] = model.memoryFree(h);
            index.add(h);
            indexed[h] = true;
        }
    }

    /**
     * The running host where the guest fits and leaves the least memory free, then whose power grows least with it
     * (the host's power curve at its demand now); -1 if none. {@code consolidating}: only hosts that already run
     * guests (filling, not spreading).
     */
    int bestFit(int g, boolean consolidating) {
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

    /**
     * Powers on a host for the guest, the one that draws least when idle (then the largest) and takes it, and opens
     * it; -1 if none.
     */
    int wake(int g) {
        int best = -1;
        for (int h = 0; h < model.hostCount(); h++) {
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
            open(best);
        }
        return best;
    }

    private boolean fits(int g, int h) {
        return !closed[h] && model.fits(g, h) && cpuFits(g, h);
    }

    /** The host's forecast with the guest stays under fill, and the guest's peak within its cores there. */
    private boolean cpuFits(int g, int h) {
        double cap = model.capacity(h);
        return forecasts.with(h, g) <= fill * cap + 1e-9
                && forecasts.peak(g) <= Math.max(1, model.guest(g).vcpus()) * model.coreCapacity(h) + 1e-9;
    }
}
