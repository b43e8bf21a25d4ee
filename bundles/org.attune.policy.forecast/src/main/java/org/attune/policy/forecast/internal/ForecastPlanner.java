package org.attune.policy.forecast.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;

/**
 * One planning pass of the forecast policy, on arrays indexed like {@code view.hosts()} and {@code view.guests()}.
 * Not thread-safe; one instance per plan.
 *
 * <p>Every guest contributes its last {@code window} demand samples ({@link Metrics#CPU_DEMAND}, capacity units);
 * a young guest's missing older samples are its highest sample so far plus a margin per missing sample. A host's
 * <em>aggregate</em> is the sample-wise sum over its guests, and its <em>forecast</em> is the larger of its current
 * demand and the {@code quantile} of its aggregate: guests that peak together add up, guests that peak apart share
 * headroom, and a volatile host keeps more room than a steady one.
 *
 * <ol>
 * <li>Relief: a host whose current demand or forecast exceeds {@code hot} gives up guests until its forecast is
 * back at {@code fill}, preferring a single guest that is enough, and among those the one with the least memory
 * (the shortest migration).</li>
 * <li>Placement: best fit on running hosts by forecast (the fullest host whose forecast with the guest stays at or
 * below {@code fill}); a host is powered up (the largest empty one) only when no running host fits.</li>
 * <li>Consolidation: hosts whose forecast is below {@code cold}, emptiest first, are evacuated completely or not
 * at all; a host that received guests in this plan is not evacuated. The gap between {@code cold} and
 * {@code fill} is the hysteresis that keeps guests from moving back and forth.</li>
 * </ol>
 */
final class ForecastPlanner {

    /** Candidates examined per placement (ascending free forecast capacity), which bounds a plan's cost. */
    private static final int PROBES = 64;

    private final ForecastSettings s;
    private final int w;
    private final int qIndex;

    private final int nh;
    private final Host[] hosts;
    private final double[] cap;
    private final long[] hostMem;
    private final long[] memUsed;
    private final boolean[] usable;
    private final int[] driver;

    private final int ng;
    private final Guest[] guests;
    private final int[] hostOf;
    private final boolean[] pinned;
    private final double[][] gv;
    private final double[] cur;
    private final double[] own;

    private final int[][] on;
    private final int[] onSize;
    private final double[][] agg;
    private final double[] hostCur;
    private final double[] forecast;
    private final double[] free;
    private final boolean[] inIndex;
    private final boolean[] noReceive;
    private final TreeSet<Integer> index;
    private final double[] scratch;
    /** The free room the probe key -1 stands for in {@link #index}. */
    private double probeFree;

    private final List<Action> actions = new ArrayList<>();
    private final boolean unmeasuredGuests;

    ForecastPlanner(ClusterView view, ForecastSettings settings) {
        this.s = settings;
        this.w = settings.window();
        this.qIndex = Math.max(0, Math.min(w - 1, (int) Math.ceil(settings.quantile() * w) - 1));
        this.scratch = new double[w];
        List<Host> hl = view.hosts();
        nh = hl.size();
        hosts = hl.toArray(new Host[0]);
        cap = new double[nh];
        hostMem = new long[nh];
        memUsed = new long[nh];
        usable = new boolean[nh];
        driver = new int[nh];
        Map<String, Integer> hostIndex = new HashMap<>(nh * 2);
        Map<String, Integer> drivers = new HashMap<>();
        for (int h = 0; h < nh; h++) {
            Host host = hosts[h];
            hostIndex.put(host.id(), h);
            cap[h] = host.cpuCapacity();
            hostMem[h] = host.memoryMiB();
            // guests placed there and guests migrating there
            memUsed[h] = view.memoryCommitted(host.id());
            usable[h] = host.usable() && cap[h] > 0;
            driver[h] = drivers.computeIfAbsent(host.driverId(), k -> drivers.size());
        }
        List<Guest> gl = view.guests();
        ng = gl.size();
        guests = gl.toArray(new Guest[0]);
        hostOf = new int[ng];
        pinned = new boolean[ng];
        gv = new double[ng][];
        cur = new double[ng];
        own = new double[ng];
        on = new int[nh][];
        onSize = new int[nh];
        agg = new double[nh][];
        hostCur = new double[nh];
        forecast = new double[nh];
        free = new double[nh];
        inIndex = new boolean[nh];
        noReceive = new boolean[nh];
        boolean unmeasured = false;
        for (int g = 0; g < ng; g++) {
            Guest guest = guests[g];
            Integer h = hostIndex.get(view.hostOf(guest.id()));
            hostOf[g] = h == null ? -1 : h;
            pinned[g] = view.isPinned(guest.id());
            Series series = view.metrics().series(Subject.guest(guest.id()), Metrics.CPU_DEMAND);
            double[] tail = series.tail(w);
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
            gv[g] = v;
            cur[g] = tail.length == 0 ? 0 : Math.max(0, tail[tail.length - 1]);
            own[g] = Math.max(cur[g], quantile(v));
            if (tail.length == 0) {
                pinned[g] = true; // never measured: its demand is unknown, so it neither moves nor lets its host
                unmeasured = true; // receive or be evacuated on a guess
            }
            if (h != null && usable[h]) {
                attach(g, h);
                if (tail.length == 0) {
                    noReceive[h] = true;
                }
            } else if (h != null) {
                pinned[g] = true; // on a host we cannot act on
            }
        }
        this.unmeasuredGuests = unmeasured;
        for (int h = 0; h < nh; h++) {
            refresh(h);
        }
        index = new TreeSet<>((a, b) -> {
            int c = Double.compare(a < 0 ? probeFree : free[a], b < 0 ? probeFree : free[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int h = 0; h < nh; h++) {
            reindex(h);
        }
    }

    Plan plan(String policy) {
        List<String> notes = new ArrayList<>();
        int relieved = relieve();
        if (relieved > 0) {
            notes.add(relieved + " hot host(s) relieved");
        }
        int evacuated = consolidate();
        if (evacuated > 0) {
            notes.add(evacuated + " cold host(s) evacuated");
        }
        if (unmeasuredGuests) {
            notes.add("guests without cpu.demand samples stay where they are, and their hosts receive no guests");
        }
        return new Plan(policy, actions, notes);
    }

    // --- relief ----------------------------------------------------------------------------------------------

    private boolean hot(int h) {
        return hostCur[h] > s.hot() * cap[h] || forecast[h] > s.hot() * cap[h];
    }

    private int relieve() {
        List<Integer> hot = new ArrayList<>();
        for (int h = 0; h < nh; h++) {
            if (usable[h] && onSize[h] > 0 && hot(h)) {
                hot.add(h);
                noReceive[h] = true;
                reindex(h);
            }
        }
        int relieved = 0;
        for (int h : hot) {
            List<Integer> moving = new ArrayList<>();
            while (forecast[h] > s.fill() * cap[h]) {
                int g = pickToRelieve(h);
                if (g < 0) {
                    break;
                }
                detach(g, h);
                refresh(h);
                moving.add(g);
            }
            moving.sort((a, b) -> Double.compare(own[b], own[a]));
            boolean any = false;
            for (int g : moving) {
                int target = place(g, h);
                if (target < 0) {
                    attach(g, h); // nowhere to go: it stays
                    refresh(h);
                    continue;
                }
                any = true;
                actions.add(Action.live(guests[g].id(), hosts[h].id(), hosts[target].id(),
                        hosts[h].name() + " is hot (forecast " + pct(forecastWith(h, g, true), cap[h]) + " of capacity); "
                                + guests[g].name() + " to " + hosts[target].name() + " (forecast there "
                                + pct(forecast[target], cap[target]) + ")"));
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
        for (int i = 0; i < onSize[h]; i++) {
            int g = on[h][i];
            if (pinned[g]) {
                continue;
            }
            if (largest < 0 || own[g] > own[largest]) {
                largest = g;
            }
            if (forecastWithout(h, g) <= s.fill() * cap[h]
                    && (enough < 0 || guests[g].memoryMiB() < guests[enough].memoryMiB()
                    || (guests[g].memoryMiB() == guests[enough].memoryMiB() && own[g] < own[enough]))) {
                enough = g;
            }
        }
        return enough >= 0 ? enough : largest;
    }

    // --- consolidation ---------------------------------------------------------------------------------------

    private int consolidate() {
        List<Integer> cold = new ArrayList<>();
        for (int h = 0; h < nh; h++) {
            if (usable[h] && onSize[h] > 0 && !noReceive[h] && forecast[h] < s.cold() * cap[h]) {
                cold.add(h);
            }
        }
        cold.sort((a, b) -> Double.compare(forecast[a] / cap[a], forecast[b] / cap[b]));
        int evacuated = 0;
        boolean[] received = new boolean[nh];
        for (int h : cold) {
            if (s.maxEvacuations() > 0 && evacuated >= s.maxEvacuations()) {
                break;
            }
            if (received[h] || onSize[h] == 0) {
                continue;
            }
            int[] moving = Arrays.copyOf(on[h], onSize[h]);
            boolean anyPinned = false;
            for (int g : moving) {
                anyPinned |= pinned[g];
            }
            if (anyPinned) {
                continue;
            }
            noReceive[h] = true;
            reindex(h);
            Integer[] order = new Integer[moving.length];
            for (int i = 0; i < moving.length; i++) {
                order[i] = moving[i];
            }
            Arrays.sort(order, (a, b) -> Double.compare(own[b], own[a]));
            int[] targets = new int[order.length];
            boolean ok = true;
            for (int i = 0; i < order.length; i++) {
                int g = order[i];
                detach(g, h);
                int t = fitOnRunning(g, h);
                if (t < 0) {
                    attach(g, h);
                    for (int j = 0; j < i; j++) {
                        detach(order[j], targets[j]);
                        refresh(targets[j]);
                        attach(order[j], h);
                        moveMemory(order[j], targets[j], h);
                    }
                    refresh(h);
                    ok = false;
                    break;
                }
                targets[i] = t;
                attach(g, t);
                moveMemory(g, h, t);
                refresh(t);
                reindex(t);
            }
            if (!ok) {
                noReceive[h] = false;
                reindex(h);
                continue;
            }
            refresh(h);
            evacuated++;
            for (int i = 0; i < order.length; i++) {
                received[targets[i]] = true;
                actions.add(Action.live(guests[order[i]].id(), hosts[h].id(), hosts[targets[i]].id(),
                        hosts[h].name() + " is cold and can be emptied; " + guests[order[i]].name() + " to "
                                + hosts[targets[i]].name() + " (forecast there " + pct(forecast[targets[i]], cap[targets[i]])
                                + ")"));
            }
        }
        return evacuated;
    }

    // --- placement -------------------------------------------------------------------------------------------

    /** Places a detached guest from {@code from}: best fit on a running host, else the largest empty host. */
    private int place(int g, int from) {
        int t = fitOnRunning(g, from);
        if (t < 0) {
            t = wake(g, from);
        }
        if (t >= 0) {
            attach(g, t);
            moveMemory(g, from, t);
            refresh(t);
            reindex(t);
        }
        refresh(from);
        return t;
    }

    /** The running host with the least room left that still takes the guest under fill; -1 if none. */
    private int fitOnRunning(int g, int from) {
        // Hosts with less free forecast room than half the guest's own forecast will not take it.
        probeFree = own[g] * 0.5;
        Integer start = index.ceiling(-1);
        int probes = 0;
        for (Integer t = start; t != null && probes < PROBES; t = index.higher(t)) {
            if (t == from || driver[t] != driver[from]) {
                continue;
            }
            probes++;
            if (memoryFits(g, t) && forecastWith(t, g, false) <= s.fill() * cap[t]) {
                return t;
            }
        }
        return -1;
    }

    /** The largest empty usable host of the guest's driver that takes it; -1 if none. */
    private int wake(int g, int from) {
        int best = -1;
        for (int h = 0; h < nh; h++) {
            if (usable[h] && onSize[h] == 0 && !noReceive[h] && driver[h] == driver[from] && memoryFits(g, h)
                    && quantileOf(gv[g]) <= s.fill() * cap[h] && (best < 0 || cap[h] > cap[best])) {
                best = h;
            }
        }
        return best;
    }

    // --- bookkeeping -----------------------------------------------------------------------------------------

    /** Moves the guest's memory between hosts as the plan moves it (construction counts it via the view). */
    private void moveMemory(int g, int from, int to) {
        memUsed[from] -= guests[g].memoryMiB();
        memUsed[to] += guests[g].memoryMiB();
    }

    private boolean memoryFits(int g, int h) {
        return memUsed[h] + guests[g].memoryMiB() <= hostMem[h];
    }

    private void attach(int g, int h) {
        if (on[h] == null) {
            on[h] = new int[4];
            agg[h] = new double[w];
        }
        if (onSize[h] == on[h].length) {
            on[h] = Arrays.copyOf(on[h], onSize[h] * 2);
        }
        on[h][onSize[h]++] = g;
        double[] a = agg[h];
        double[] v = gv[g];
        for (int i = 0; i < w; i++) {
            a[i] += v[i];
        }
        hostCur[h] += cur[g];
    }

    private void detach(int g, int h) {
        int[] list = on[h];
        for (int i = 0; i < onSize[h]; i++) {
            if (list[i] == g) {
                System.arraycopy(list, i + 1, list, i, onSize[h] - i - 1);
                onSize[h]--;
                break;
            }
        }
        double[] a = agg[h];
        double[] v = gv[g];
        for (int i = 0; i < w; i++) {
            a[i] -= v[i];
        }
        hostCur[h] -= cur[g];
        if (onSize[h] == 0) {
            Arrays.fill(a, 0); // no rounding residue on an empty host
            hostCur[h] = 0;
        }
    }

    /** Recomputes the host's forecast (the index must not hold the host, or be re-indexed after). */
    private void refresh(int h) {
        boolean was = inIndex[h];
        if (was) {
            index.remove(h);
            inIndex[h] = false;
        }
        forecast[h] = onSize[h] == 0 ? 0 : Math.max(hostCur[h], quantileOf(agg[h]));
        free[h] = s.fill() * cap[h] - forecast[h];
        if (was) {
            reindex(h);
        }
    }

    /** Running hosts that may receive guests are in the index, ordered by free forecast capacity. */
    private void reindex(int h) {
        if (index == null) {
            return;
        }
        if (inIndex[h]) {
            index.remove(h);
            inIndex[h] = false;
        }
        if (usable[h] && onSize[h] > 0 && !noReceive[h]) {
            index.add(h);
            inIndex[h] = true;
        }
    }

    private double forecastWith(int h, int g, boolean alreadyOn) {
        if (alreadyOn) {
            return forecast[h];
        }
        double[] a = agg[h];
        double[] v = gv[g];
        for (int i = 0; i < w; i++) {
            scratch[i] = (a == null ? 0 : a[i]) + v[i];
        }
        return Math.max(hostCur[h] + cur[g], quantileInPlace(scratch));
    }

    private double forecastWithout(int h, int g) {
        if (onSize[h] <= 1) {
            return 0;
        }
        double[] a = agg[h];
        double[] v = gv[g];
        for (int i = 0; i < w; i++) {
            scratch[i] = a[i] - v[i];
        }
        return Math.max(hostCur[h] - cur[g], quantileInPlace(scratch));
    }

    private double quantile(double[] v) {
        return quantileOf(v);
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
