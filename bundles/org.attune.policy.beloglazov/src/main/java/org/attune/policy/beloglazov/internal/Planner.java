package org.attune.policy.beloglazov.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.attune.api.ClusterView;
import org.attune.api.Metrics;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.Subject;
import org.attune.api.driver.MigrationMode;
import org.attune.api.policy.Plan;
import org.attune.model.Aggregate;
import org.attune.model.ClusterModel;
import org.attune.policy.beloglazov.BeloglazovSettings;
import org.attune.policy.beloglazov.Detection;

/**
 * One planning pass on the shared {@link ClusterModel} of a view; list order is the tie-breaker everywhere, as in
 * CloudSim (host list order, and a host's guests in the order of {@code view.guests()}, guests that arrive last).
 * Not thread-safe; one instance per plan.
 *
 * <p>Guest CPU demand history ({@link Metrics#CPU_DEMAND} of the guest, capacity units) is what the adaptive
 * detectors work on: like CloudSim, a host's utilisation history is the sum of its current guests' histories
 * (aligned on the newest sample) over its capacity, so it follows the guests and can be evaluated "after" a
 * placement. The model keeps that sum ({@link Aggregate}) as guests move.
 */
public final class Planner {

    /** Bisquare re-weighting rounds of LRR. */
    static final int ROBUSTNESS_ITERATIONS = 3;

    private final ClusterModel model;
    private final BeloglazovSettings s;
    private final boolean compat;
    private final int nh;
    private final int ng;

    private final double[] staticMips;
    private final double[] staticPower;
    private final int[] hostClass;
    private final int emptyClasses;
    private final boolean[] inFlight;
    private final double[] req;
    private final int[] historyLength;
    private final Aggregate history;
    private final double[] scratch = new double[BeloglazovSettings.HISTORY_LENGTH];

    public Planner(ClusterView view, BeloglazovSettings settings) {
        this.model = ClusterModel.of(view);
        this.s = settings;
        this.compat = settings.cloudsimCompatible();
        nh = model.hostCount();
        ng = model.guestCount();
        staticMips = new double[nh];
        staticPower = new double[nh];
        inFlight = new boolean[nh];
        hostClass = new int[nh];
        Map<List<Object>, Integer> classes = new HashMap<>();
        for (int h = 0; h < nh; h++) {
            double cap = model.capacity(h);
            double u = view.metrics().latest(Subject.host(model.host(h).id()), Metrics.CPU_UTILIZATION, Double.NaN);
            staticMips[h] = Double.isNaN(u) ? Math.min(model.cappedDemandOn(h), cap) : Math.max(0, u) * cap;
            staticPower[h] = cap > 0 ? model.profile(h).watts(staticMips[h] / cap) : 0;
            inFlight[h] = model.incoming(h) > 0 || model.outgoing(h) > 0;
            hostClass[h] = classes.computeIfAbsent(List.of(model.profile(h), cap, model.coreCapacity(h), model.memory(h),
                    model.host(h).driverId(), model.usable(h)), k -> classes.size());
        }
        emptyClasses = classes.size();
        req = new double[ng];
        historyLength = new int[ng];
        boolean needsHistory = settings.detection() != Detection.THR;
        for (int g = 0; g < ng; g++) {
            req[g] = model.demand(g);
            historyLength[g] = needsHistory ? Math.min(BeloglazovSettings.HISTORY_LENGTH, model.history(g).size()) : 0;
        }
        // Newest first, zeros where the guest has no sample: the sum over a host is its history in capacity units.
        history = needsHistory ? model.aggregate(BeloglazovSettings.HISTORY_LENGTH, g -> {
            double[] tail = model.history(g).tail(BeloglazovSettings.HISTORY_LENGTH);
            double[] newestFirst = new double[BeloglazovSettings.HISTORY_LENGTH];
            for (int i = 0; i < tail.length; i++) {
                newestFirst[i] = Math.max(0, tail[tail.length - 1 - i]);
            }
            return newestFirst;
        }) : null;
    }

    public Plan plan() {
        List<String> notes = new ArrayList<>();
        // 1. Overload detection, on the state the view describes.
        boolean[] over = new boolean[nh];
        List<Integer> overloaded = new ArrayList<>();
        for (int h = 0; h < nh; h++) {
            if (model.usable(h) && overloaded(h, -1)) {
                over[h] = true;
                overloaded.add(h);
            }
        }
        // 2. Minimum migration time: smallest memory first, until the host is no longer overloaded.
        List<Integer> toMigrate = new ArrayList<>();
        for (int h : overloaded) {
            while (true) {
                int g = minimumMigrationTime(h);
                if (g < 0) {
                    break;
                }
                double before = model.demandOn(h);
                model.evict(g);
                toMigrate.add(g);
                notesOfSource.put(g, new double[] {h, before});
                if (!overloaded(h, -1)) {
                    break;
                }
            }
        }
        // 3. Power-aware best fit decreasing; the overloaded hosts receive nothing.
        toMigrate.sort((a, b) -> Double.compare(req[b], req[a]));
        boolean[] receivedFromOverloaded = new boolean[nh];
        int unplaced = 0;
        for (int g : toMigrate) {
            int target = findHost(g, over, null);
            double[] src = notesOfSource.get(g);
            int from = (int) src[0];
            if (target < 0) {
                unplaced++;
                model.restore(g);
                continue;
            }
            receivedFromOverloaded[target] = true;
            wakeIfOff(target, g);
            model.move(g, target, MigrationMode.LIVE, model.host(from).name() + " overloaded ("
                    + s.detection().name().toLowerCase(Locale.ROOT) + " " + s.parameter() + ", demand "
                    + Math.round(100 * src[1] / model.capacity(from)) + "%); " + model.guest(g).name()
                    + " has the least memory; " + model.host(target).name() + " costs the least power", compat);
        }
        if (!overloaded.isEmpty()) {
            notes.add(overloaded.size() + " overloaded host(s), " + toMigrate.size() + " guest(s) selected"
                    + (unplaced > 0 ? ", " + unplaced + " found no host" : ""));
        }
        // 4. Under-load: empty the least-utilised host completely, or not at all.
        int emptied = underload(over, receivedFromOverloaded);
        if (emptied > 0) {
            notes.add(emptied + " under-loaded host(s) can be emptied");
        }
        // 5. Empty hosts go to sleep (the reference's hosts switch off by themselves: not in compatible mode).
        if (!compat) {
            int off = model.powerOffEmptyHosts();
            if (off > 0) {
                notes.add(off + " empty host(s) switched off");
            }
        }
        return model.plan(s.name(), notes);
    }

    private final Map<Integer, double[]> notesOfSource = new HashMap<>();

    /** A host chosen while off is powered on first; the validator holds the migrations until it has booted. */
    private void wakeIfOff(int h, int g) {
        if (model.wakeable(h)) {
            model.powerOn(h, "power on " + model.host(h).name() + " to receive " + model.guest(g).name()
                    + ": no running host can take it at a lower power cost");
        }
    }

    private int underload(boolean[] over, boolean[] receivedFromOverloaded) {
        boolean[] exclUnder = over.clone();
        boolean[] exclPlace = over.clone();
        int excluded = 0;
        for (int h = 0; h < nh; h++) {
            boolean off = !model.usable(h) || (compat ? staticMips[h] == 0 : model.guestCount(h) == 0);
            if (off) {
                exclPlace[h] = true;
                exclUnder[h] = true;
            }
            // CloudSim meant to exclude the hosts that just received guests from overloaded hosts but passes an
            // empty list; compatible mode keeps that (a guest can then move twice in one plan).
            if (!compat && (receivedFromOverloaded[h] || inFlight[h])) {
                exclUnder[h] = true;
            }
            if (exclUnder[h]) {
                excluded++;
            }
        }
        // Hosts excluded from placement stay excluded for the whole pass: search only the others, in list order.
        int[] placeable = new int[nh];
        int np = 0;
        for (int h = 0; h < nh; h++) {
            if (!exclPlace[h]) {
                placeable[np++] = h;
            }
        }
        placeable = Arrays.copyOf(placeable, np);
        int emptied = 0;
        while (excluded < nh) {
            int u = -1;
            double min = 1;
            for (int h = 0; h < nh; h++) {
                if (exclUnder[h]) {
                    continue;
                }
                double util = (compat ? staticMips[h] : model.cappedDemandOn(h)) / model.capacity(h);
                if (util > 0 && util < min) {
                    min = util;
                    u = h;
                }
            }
            if (u < 0) {
                break;
            }
            exclUnder[u] = true;
            excluded++;
            exclPlace[u] = true;
            int[] moving = model.guestsOnHost(u);
            boolean anyPinned = false;
            for (int g : moving) {
                anyPinned |= model.pinned(g);
            }
            if (moving.length == 0 || anyPinned) {
                continue;
            }
            Integer[] order = new Integer[moving.length];
            for (int i = 0; i < moving.length; i++) {
                order[i] = moving[i];
            }
            Arrays.sort(order, (a, b) -> Double.compare(req[b], req[a]));
            int mark = model.mark();
            int[] targets = new int[order.length];
            boolean ok = true;
            String reasonHead = "under-load: " + model.host(u).name() + " is the least utilised host ("
                    + Math.round(100 * min) + "%) and can be emptied; ";
            for (int i = 0; i < order.length; i++) {
                int g = order[i];
                // The guest is still counted on u while its place is searched (u is excluded from placement).
                int target = findHost(g, exclPlace, placeable);
                if (target < 0) {
                    model.rollback(mark);
                    ok = false;
                    break;
                }
                targets[i] = target;
                model.move(g, target, MigrationMode.LIVE, reasonHead + model.guest(g).name() + " to "
                        + model.host(target).name(), compat);
            }
            if (!ok) {
                continue;
            }
            emptied++;
            for (int t : targets) {
                if (!exclUnder[t]) {
                    exclUnder[t] = true;
                    excluded++;
                }
            }
        }
        return emptied;
    }

    /** The movable guest with the least memory on {@code h}, the first one in list order on ties; -1 if none. */
    int minimumMigrationTime(int h) {
        int best = -1;
        for (int i = 0, n = model.guestCount(h); i < n; i++) {
            int g = model.guestOn(h, i);
            if (!model.pinned(g) && (best < 0 || model.guest(g).memoryMiB() < model.guest(best).memoryMiB())) {
                best = g;
            }
        }
        return best;
    }

    /**
     * PABFD: the host, not excluded, where the guest fits without overloading it and power grows least; a host that
     * is off counts its idle power too (it has to be woken). Searches only {@code candidates} (ascending) when not
     * null.
     */
    int findHost(int g, boolean[] excluded, int[] candidates) {
        int best = -1;
        double minDiff = Double.MAX_VALUE;
        int home = model.sourceOf(g);
        int n = candidates == null ? nh : candidates.length;
        boolean[] seenEmpty = new boolean[emptyClasses];
        for (int c = 0; c < n; c++) {
            int h = candidates == null ? c : candidates[c];
            boolean off = !compat && model.wakeable(h);
            if (excluded[h] || !(model.canReceive(h) || off) || (home >= 0 && !model.sameDriver(h, home))) {
                continue;
            }
            boolean empty = model.guestCount(h) == 0;
            if (empty && staticMips[h] == 0) {
                // Empty hosts of one kind (power, capacity, cores, memory, driver, running or off) are interchangeable
                // and the first in list order wins ties: look at the first one only.
                if (seenEmpty[hostClass[h]]) {
                    continue;
                }
                seenEmpty[hostClass[h]] = true;
            }
            if (!fits(h, g, off)) {
                continue;
            }
            double cap = model.capacity(h);
            double load = model.cappedDemandOn(h);
            PowerProfile power = model.profile(h);
            double after;
            double before;
            if (compat) {
                // CloudSim 3.0.3: power after (planning-state allocation plus the guest) minus power at the last update.
                after = Math.min(1, (Math.min(load, cap) + req[g]) / cap);
                before = staticMips[h] / cap;
            } else if (empty) {
                after = Math.min(1, req[g] / cap);
                before = -1; // an empty host is (or will be) off: using it costs its idle power too
            } else {
                after = Math.min(1, (load + req[g]) / cap);
                before = Math.min(1, load / cap);
            }
            // A lower bound from the curve's smallest slope spares evaluating hosts that cannot win (with a margin
            // so rounding never drops a host that ties).
            double bound = before < 0 ? power.watts(0) : after >= before ? power.minSlope() * (after - before) : -Double.MAX_VALUE;
            if (bound - 1e-9 * (1 + Math.abs(bound)) >= minDiff) {
                continue;
            }
            double diff;
            if (compat) {
                diff = power.watts(after) - staticPower[h];
            } else if (before < 0) {
                diff = power.watts(after);
            } else {
                diff = power.watts(after) - power.watts(before);
            }
            if (diff >= minDiff) {
                continue; // cannot win: spare the (costly, for the adaptive detectors) overload check
            }
            // CloudSim 3.0.3 skips the check for hosts with no CPU allocated in the planning state.
            boolean check = !compat || load != 0;
            if (check && overloaded(h, g)) {
                continue;
            }
            minDiff = diff;
            best = h;
        }
        return best;
    }

    /**
     * Capacity check: per-core demand and free CPU; then the model's (memory with migrations on both ends, cores,
     * driver, hard placement constraints), except in compatible mode, where CloudSim reserves a guest's memory only
     * while it boots (its PlanetLab guests then request none).
     */
    boolean fits(int h, int g, boolean off) {
        int vcpus = Math.max(1, model.guest(g).vcpus());
        if (req[g] / vcpus > model.coreCapacity(h)) {
            return false;
        }
        double cap = model.capacity(h);
        double load = model.cappedDemandOn(h);
        double available = load <= cap ? cap - load : 0;
        if (available < req[g]) {
            return false;
        }
        return compat || (off ? model.fitsIfPoweredOn(g, h) : model.fits(g, h));
    }

    /** Whether host {@code h} is overloaded with its current guests, plus guest {@code extra} when &gt;= 0. */
    boolean overloaded(int h, int extra) {
        if (!(model.canReceive(h) || model.wakeable(h))) {
            return false;
        }
        double cap = model.capacity(h);
        double util = (model.demandOn(h) + (extra >= 0 ? req[extra] : 0)) / cap;
        switch (s.detection()) {
            case THR:
                return util > s.parameter();
            case IQR:
            case MAD: {
                double[] hist = history(h, extra);
                if (hist.length < BeloglazovSettings.SPREAD_MIN_HISTORY) {
                    return util > s.fallbackThreshold();
                }
                double spread = s.detection() == Detection.IQR ? Stats.iqr(hist) : Stats.mad(hist);
                return util > 1 - s.parameter() * spread;
            }
            case LR:
            case LRR: {
                double predicted = predict(history(h, extra));
                if (Double.isNaN(predicted)) {
                    return util > s.fallbackThreshold();
                }
                return s.parameter() * predicted >= 1;
            }
            default:
                throw new IllegalStateException("unknown detection " + s.detection());
        }
    }

    /** The regression's prediction from a newest-first history; NaN when the history is too short. */
    double predict(double[] newestFirst) {
        int n = BeloglazovSettings.REGRESSION_LENGTH;
        if (newestFirst.length < n) {
            return Double.NaN;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = newestFirst[n - 1 - i];
        }
        double[] est;
        if (compat) {
            // CloudSim 3.0.3 inverts the tricube (and bisquare) weights and only applies them when 40% of them are
            // non-positive, which never happens: LR and LRR are both ordinary least squares there.
            est = Stats.fit(x, y, null);
        } else {
            double[] w = Stats.tricube(n);
            est = Stats.fit(x, y, w);
            // Robustness iterations as in Cleveland's LOWESS (three by default): bisquare weights on the residuals.
            for (int iteration = 0; est != null && s.detection() == Detection.LRR && iteration < ROBUSTNESS_ITERATIONS;
                    iteration++) {
                double[] residuals = new double[n];
                for (int i = 0; i < n; i++) {
                    residuals[i] = y[i] - (est[0] + est[1] * x[i]);
                }
                double[] b = Stats.bisquare(residuals);
                if (b == null) {
                    break;
                }
                double[] wb = new double[n];
                for (int i = 0; i < n; i++) {
                    wb[i] = w[i] * b[i];
                }
                double[] robust = Stats.fit(x, y, wb);
                if (robust == null) {
                    break;
                }
                est = robust;
            }
        }
        return est == null ? Double.NaN : est[0] + est[1] * (n + s.regressionHorizon());
    }

    /**
     * Utilisation history of host {@code h} (share of capacity, newest first) as the sum of its guests' demand
     * histories, plus guest {@code extra} when &gt;= 0. Its length is that of the longest guest history; in
     * CloudSim-compatible mode trailing zeros are trimmed instead, as CloudSim's trimZeroTail does (the same
     * thing there, since CloudSim records no zero samples). Zeros inside the history are real samples and stay.
     */
    double[] history(int h, int extra) {
        double[] sum = extra >= 0 ? history.sumWith(h, extra, scratch) : history.sum(h);
        int longest = extra >= 0 ? historyLength[extra] : 0;
        for (int i = 0, n = model.guestCount(h); i < n; i++) {
            longest = Math.max(longest, historyLength[model.guestOn(h, i)]);
        }
        double cap = model.capacity(h);
        int len = Math.min(longest, sum.length);
        if (compat) {
            len = sum.length;
            while (len > 0 && sum[len - 1] == 0) {
                len--;
            }
        }
        double[] shares = new double[len];
        for (int i = 0; i < len; i++) {
            shares[i] = sum[i] / cap;
        }
        return shares;
    }
}
