package org.attune.policy.beloglazov.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;

/**
 * One planning pass on a snapshot, on arrays indexed like {@code view.hosts()} and {@code view.guests()}; list
 * order is the tie-breaker everywhere, as in CloudSim (host list order, and a host's guests in the order of
 * {@code view.guests()}). Not thread-safe; one instance per plan.
 *
 * <p>Guest CPU demand history ({@link Metrics#CPU_DEMAND} of the guest, capacity units) is what the adaptive
 * detectors work on: like CloudSim, a host's utilisation history is the sum of its current guests' histories
 * (aligned on the newest sample) over its capacity, so it follows the guests and can be evaluated "after" a
 * placement.
 */
final class Planner {

    private static final double[] NO_HISTORY = new double[0];

    /** Bisquare re-weighting rounds of LRR. */
    static final int ROBUSTNESS_ITERATIONS = 3;

    private final ClusterView view;
    private final BeloglazovSettings s;
    private final boolean compat;

    private final int nh;
    private final Host[] hosts;
    private final double[] cap;
    private final double[] peCap;
    private final long[] mem;
    private final double[] staticMips;
    private final double[] staticPower;
    private final double[] loadPowerCache;
    private final int[] hostClass;
    private final int emptyClasses;
    private final boolean[] loadPowerValid;
    private final PowerModel[] power;
    private final boolean[] usable;
    private final int[] driver;
    private final boolean[] inFlight;

    private final int ng;
    private final Guest[] guests;
    private final double[] req;
    private final double[][] hist;
    private final long[] gmem;
    private final int[] vcpus;
    private final boolean[] pinned;
    private final int[] hostOf;

    private final int[][] on;
    private final int[] onSize;
    private final double[] load;
    private final double[] reqSum;
    private final long[] memUsed;
    private final double[][] histSum;
    private final int[] histLen;
    private final boolean[] histValid;

    private final List<Action> actions = new ArrayList<>();

    Planner(ClusterView view, BeloglazovSettings settings) {
        this(view, settings, h -> settings.powerOf(h.name(), h.id()));
    }

    Planner(ClusterView view, BeloglazovSettings settings, java.util.function.Function<Host, PowerModel> powerOf) {
        this.view = view;
        this.s = settings;
        this.compat = settings.cloudsimCompatible();
        List<Host> hl = view.hosts();
        nh = hl.size();
        hosts = hl.toArray(new Host[0]);
        cap = new double[nh];
        peCap = new double[nh];
        mem = new long[nh];
        staticMips = new double[nh];
        staticPower = new double[nh];
        loadPowerCache = new double[nh];
        loadPowerValid = new boolean[nh];
        power = new PowerModel[nh];
        usable = new boolean[nh];
        driver = new int[nh];
        inFlight = new boolean[nh];
        Map<String, Integer> hostIndex = new HashMap<>(nh * 2);
        Map<String, Integer> drivers = new HashMap<>();
        for (int h = 0; h < nh; h++) {
            Host host = hosts[h];
            hostIndex.put(host.id(), h);
            cap[h] = host.cpuCapacity();
            peCap[h] = host.cpus() > 0 ? cap[h] / host.cpus() : cap[h];
            mem[h] = host.memoryMiB();
            usable[h] = host.usable() && cap[h] > 0;
            power[h] = powerOf.apply(host);
            driver[h] = drivers.computeIfAbsent(host.driverId(), k -> drivers.size());
        }
        hostClass = new int[nh];
        Map<List<Object>, Integer> classes = new HashMap<>();
        for (int h = 0; h < nh; h++) {
            hostClass[h] = classes.computeIfAbsent(List.of(power[h], cap[h], peCap[h], mem[h], driver[h]),
                    k -> classes.size());
        }
        emptyClasses = classes.size();
        for (MigrationInFlight m : view.inFlight().values()) {
            Integer from = hostIndex.get(m.fromHostId());
            Integer to = hostIndex.get(m.toHostId());
            if (from != null) {
                inFlight[from] = true;
            }
            if (to != null) {
                inFlight[to] = true;
            }
        }

        boolean needsHistory = settings.detection() != Detection.THR;
        List<Guest> gl = view.guests();
        ng = gl.size();
        guests = gl.toArray(new Guest[0]);
        req = new double[ng];
        hist = new double[ng][];
        gmem = new long[ng];
        vcpus = new int[ng];
        pinned = new boolean[ng];
        hostOf = new int[ng];
        on = new int[nh][];
        onSize = new int[nh];
        load = new double[nh];
        reqSum = new double[nh];
        memUsed = new long[nh];
        histSum = new double[nh][];
        histLen = new int[nh];
        histValid = new boolean[nh];
        for (int h = 0; h < nh; h++) {
            on[h] = new int[4];
        }
        for (int g = 0; g < ng; g++) {
            Guest guest = guests[g];
            Integer h = hostIndex.get(view.hostOf(guest.id()));
            hostOf[g] = h == null ? -1 : h;
            Series series = view.metrics().series(Subject.guest(guest.id()), Metrics.CPU_DEMAND);
            req[g] = Math.max(0, series.latest(0));
            if (needsHistory) {
                double[] tail = series.tail(BeloglazovSettings.HISTORY_LENGTH);
                double[] newestFirst = new double[tail.length];
                for (int i = 0; i < tail.length; i++) {
                    newestFirst[i] = Math.max(0, tail[tail.length - 1 - i]);
                }
                hist[g] = newestFirst;
            } else {
                hist[g] = NO_HISTORY; // the static threshold needs the newest sample only
            }
            gmem[g] = guest.memoryMiB();
            vcpus[g] = Math.max(1, guest.vcpus());
            pinned[g] = view.isPinned(guest.id());
            if (h != null) {
                add(g, h);
            }
        }
        for (int h = 0; h < nh; h++) {
            double u = view.metrics().latest(Subject.host(hosts[h].id()), Metrics.CPU_UTILIZATION, Double.NaN);
            staticMips[h] = Double.isNaN(u) ? Math.min(load[h], cap[h]) : Math.max(0, u) * cap[h];
            staticPower[h] = power[h].watts(staticMips[h] / cap[h]);
        }
    }

    Plan plan() {
        List<String> notes = new ArrayList<>();
        // 1. Overload detection, on the state the view describes.
        boolean[] over = new boolean[nh];
        List<Integer> overloaded = new ArrayList<>();
        for (int h = 0; h < nh; h++) {
            if (usable[h] && overloaded(h, -1)) {
                over[h] = true;
                overloaded.add(h);
            }
        }
        // 2. Minimum migration time: smallest memory first, until the host is no longer overloaded.
        List<Integer> toMigrate = new ArrayList<>();
        Map<Integer, Integer> source = new HashMap<>();
        for (int h : overloaded) {
            while (true) {
                int g = minimumMigrationTime(h);
                if (g < 0) {
                    break;
                }
                remove(g, h);
                toMigrate.add(g);
                source.put(g, h);
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
            int target = findHost(g, over);
            int from = source.get(g);
            if (target < 0) {
                unplaced++;
                add(g, from);
                continue;
            }
            add(g, target);
            receivedFromOverloaded[target] = true;
            actions.add(Action.live(guests[g].id(), hosts[from].id(), hosts[target].id(), 
                    hosts[from].name() + " overloaded (" + s.detection().name().toLowerCase(Locale.ROOT) + " "
                    + s.parameter() + ", demand " + Math.round(100 * (reqSum[from] + req[g]) / cap[from]) + "%); "
                    + guests[g].name() + " has the least memory; " + hosts[target].name()
                    + " costs the least power"));
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
        return new Plan(s.name(), actions, notes);
    }

    private int underload(boolean[] over, boolean[] receivedFromOverloaded) {
        boolean[] exclUnder = over.clone();
        boolean[] exclPlace = over.clone();
        int excluded = 0;
        for (int h = 0; h < nh; h++) {
            boolean off = !usable[h] || (compat ? staticMips[h] == 0 : onSize[h] == 0);
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
                double util = (compat ? staticMips[h] : load[h]) / cap[h];
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
            int[] moving = Arrays.copyOf(on[u], onSize[u]);
            boolean anyPinned = false;
            for (int g : moving) {
                anyPinned |= pinned[g];
            }
            if (moving.length == 0 || anyPinned) {
                continue;
            }
            Integer[] order = new Integer[moving.length];
            for (int i = 0; i < moving.length; i++) {
                order[i] = moving[i];
            }
            Arrays.sort(order, (a, b) -> Double.compare(req[b], req[a]));
            int[] targets = new int[order.length];
            boolean ok = true;
            for (int i = 0; i < order.length; i++) {
                int target = findHost(order[i], exclPlace, placeable);
                if (target < 0) {
                    for (int j = 0; j < i; j++) {
                        remove(order[j], targets[j]);
                    }
                    ok = false;
                    break;
                }
                targets[i] = target;
                add(order[i], target);
            }
            if (!ok) {
                continue;
            }
            emptied++;
            for (int i = 0; i < order.length; i++) {
                int g = order[i];
                remove(g, u);
                if (!exclUnder[targets[i]]) {
                    exclUnder[targets[i]] = true;
                    excluded++;
                }
                actions.add(Action.live(guests[g].id(), hosts[u].id(), hosts[targets[i]].id(), 
                        "under-load: " + hosts[u].name() + " is the least utilised host (" + Math.round(100 * min)
                        + "%) and can be emptied; " + guests[g].name() + " to " + hosts[targets[i]].name()));
            }
        }
        return emptied;
    }

    /** The movable guest with the least memory on {@code h}, the first one in list order on ties; -1 if none. */
    int minimumMigrationTime(int h) {
        int best = -1;
        for (int i = 0; i < onSize[h]; i++) {
            int g = on[h][i];
            if (!pinned[g] && (best < 0 || gmem[g] < gmem[best])) {
                best = g;
            }
        }
        return best;
    }

    /** PABFD: the host, not excluded, where the guest fits without overloading it and power grows least. */
    int findHost(int g, boolean[] excluded) {
        return findHost(g, excluded, null);
    }

    /** As {@link #findHost(int, boolean[])}, searching only {@code candidates} (ascending) when not null. */
    int findHost(int g, boolean[] excluded, int[] candidates) {
        int best = -1;
        double minDiff = Double.MAX_VALUE;
        int home = hostOf[g];
        int n = candidates == null ? nh : candidates.length;
        boolean[] seenEmpty = new boolean[emptyClasses];
        for (int c = 0; c < n; c++) {
            int h = candidates == null ? c : candidates[c];
            if (excluded[h] || !usable[h] || (home >= 0 && driver[h] != driver[home])) {
                continue;
            }
            if (onSize[h] == 0 && staticMips[h] == 0) {
                // Empty hosts of one kind (power model, capacity, cores, memory, driver) are interchangeable and
                // the first in list order wins ties: look at the first one only.
                if (seenEmpty[hostClass[h]]) {
                    continue;
                }
                seenEmpty[hostClass[h]] = true;
            }
            if (!fits(h, g)) {
                continue;
            }
            double after;
            double before;
            if (compat) {
                // CloudSim 3.0.3: power after (planning-state allocation plus the guest) minus power at the last update.
                after = Math.min(1, (Math.min(load[h], cap[h]) + req[g]) / cap[h]);
                before = staticMips[h] / cap[h];
            } else if (onSize[h] == 0) {
                after = Math.min(1, req[g] / cap[h]);
                before = -1; // an empty host is off: waking it costs its idle power too
            } else {
                after = Math.min(1, (load[h] + req[g]) / cap[h]);
                before = Math.min(1, load[h] / cap[h]);
            }
            // A lower bound from the curve's smallest slope spares evaluating hosts that cannot win (with a margin
            // so rounding never drops a host that ties).
            double bound = before < 0 ? power[h].watts(0) : after >= before ? power[h].minSlope() * (after - before) : -Double.MAX_VALUE;
            if (bound - 1e-9 * (1 + Math.abs(bound)) >= minDiff) {
                continue;
            }
            double diff;
            if (compat) {
                diff = power[h].watts(after) - staticPower[h];
            } else if (before < 0) {
                diff = power[h].watts(after);
            } else {
                diff = power[h].watts(after) - loadPower(h);
            }
            if (diff >= minDiff) {
                continue; // cannot win: spare the (costly, for the adaptive detectors) overload check
            }
            // CloudSim 3.0.3 skips the check for hosts with no CPU allocated in the planning state.
            boolean check = !compat || load[h] != 0;
            if (check && overloaded(h, g)) {
                continue;
            }
            if (diff < minDiff) {
                minDiff = diff;
                best = h;
            }
        }
        return best;
    }

    /** Power at the host's planning-state load, cached until the load changes. */
    private double loadPower(int h) {
        if (!loadPowerValid[h]) {
            loadPowerCache[h] = power[h].watts(Math.min(1, load[h] / cap[h]));
            loadPowerValid[h] = true;
        }
        return loadPowerCache[h];
    }

    /** Capacity check: per-core demand, free CPU and free memory. */
    boolean fits(int h, int g) {
        if (req[g] / vcpus[g] > peCap[h]) {
            return false;
        }
        double available = load[h] <= cap[h] ? cap[h] - load[h] : 0;
        // CloudSim reserves a guest's memory only while it boots (its PlanetLab guests then request none), so
        // the compatible mode checks CPU only.
        return available >= req[g] && (compat || memUsed[h] + gmem[g] <= mem[h]);
    }

    /** Whether host {@code h} is overloaded with its current guests, plus guest {@code extra} when &gt;= 0. */
    boolean overloaded(int h, int extra) {
        if (!usable[h]) {
            return false;
        }
        double util = (reqSum[h] + (extra >= 0 ? req[extra] : 0)) / cap[h];
        switch (s.detection()) {
            case THR:
                return util > s.parameter();
            case IQR:
            case MAD: {
                double[] history = history(h, extra);
                if (history.length < BeloglazovSettings.SPREAD_MIN_HISTORY) {
                    return util > s.fallbackThreshold();
                }
                double spread = s.detection() == Detection.IQR ? Stats.iqr(history) : Stats.mad(history);
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
        if (!histValid[h]) {
            double[] sum = new double[BeloglazovSettings.HISTORY_LENGTH];
            int longest = 0;
            for (int i = 0; i < onSize[h]; i++) {
                accumulate(sum, on[h][i], cap[h]);
                longest = Math.max(longest, hist[on[h][i]].length);
            }
            histSum[h] = sum;
            histLen[h] = longest;
            histValid[h] = true;
        }
        double[] sum = histSum[h];
        int longest = histLen[h];
        if (extra >= 0) {
            sum = sum.clone();
            accumulate(sum, extra, cap[h]);
            longest = Math.max(longest, hist[extra].length);
        }
        int len = Math.min(longest, sum.length);
        if (compat) {
            len = sum.length;
            while (len > 0 && sum[len - 1] == 0) {
                len--;
            }
        }
        return len == sum.length && extra >= 0 ? sum : Arrays.copyOf(sum, len);
    }

    private void accumulate(double[] sum, int g, double capacity) {
        double[] hg = hist[g];
        for (int i = 0; i < hg.length && i < sum.length; i++) {
            sum[i] += hg[i] / capacity;
        }
    }

    private double capped(int g, int h) {
        return vcpus[g] * Math.min(req[g] / vcpus[g], peCap[h]);
    }

    private void add(int g, int h) {
        if (onSize[h] == on[h].length) {
            on[h] = Arrays.copyOf(on[h], onSize[h] * 2);
        }
        on[h][onSize[h]++] = g;
        loadPowerValid[h] = false;
        load[h] += capped(g, h);
        reqSum[h] += req[g];
        memUsed[h] += gmem[g];
        if (histValid[h]) {
            accumulate(histSum[h], g, cap[h]);
            histLen[h] = Math.max(histLen[h], hist[g].length);
        }
    }

    private void remove(int g, int h) {
        int[] list = on[h];
        for (int i = 0; i < onSize[h]; i++) {
            if (list[i] == g) {
                System.arraycopy(list, i + 1, list, i, onSize[h] - i - 1);
                onSize[h]--;
                break;
            }
        }
        loadPowerValid[h] = false;
        load[h] -= capped(g, h);
        reqSum[h] -= req[g];
        memUsed[h] -= gmem[g];
        if (onSize[h] == 0) {
            load[h] = 0; // no rounding residue on an empty host
            reqSum[h] = 0;
        }
        histValid[h] = false;
    }
}
