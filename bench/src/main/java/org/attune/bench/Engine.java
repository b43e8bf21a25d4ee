package org.attune.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.MetricHistory;
import org.attune.api.Metrics;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;

/**
 * The bench's own fast model of the reference experiment, in virtual time. Every 300 s it updates demands from the
 * traces, accounts energy and SLA over the elapsed interval, hands the policy a {@link ClusterView} and carries out
 * the plan's migrations; migrations end within the period, at their own instants, where the model accounts again.
 *
 * <p>The CPU model is CloudSim 3.0.3's (time-shared with over-subscription): a guest gets its demand capped at one
 * core; when a host is over-subscribed every allocation is scaled down (and floored). A migrating guest gets 90%
 * of its allocation on the source, and the destination reserves 10% of it while the guest's full demand already
 * counts there as requested. Energy: trapezoid between updates of each host's SPECpower curve; a host whose
 * utilisation was 0 is off (cloudsim-compatible) or a host without guests is off (realistic). As in the reference
 * experiment, memory is reserved only for the initial placement (the traces give CPU only), so hosts are presented
 * to policies with unbounded memory; a guest's memory size sets its migration time.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class Engine {

    /** Samples of guest history handed to policies. */
    public static final int HISTORY = 30;
    private static final long STEP_MILLIS = 300_000;
    /** CloudSim updates 0.1 s after each period boundary. */
    private static final double OFFSET_S = 0.1;
    /** Host memory as presented to policies: the reference model never binds memory after boot. */
    public static final long PRESENTED_HOST_MEMORY_MIB = 1L << 40;

    private final Workload workload;
    private final Mode mode;
    private final int nh;
    private final int nv;

    // hosts
    private final double[] total;
    private final double[] pe;
    private final double[][] power;
    private final List<Host> hostRecords;

    // guests
    private final double[] mips;
    private final long[] ram;
    private final Guest[] guestRecords;

    // dynamic state
    private int[] vmHost;
    private boolean[] alive;
    private int[] migTo;
    private double[] migEnd;
    private double[] req;
    private double[][] hist;
    private int[] histCount;

    // per-state scratch and previous state
    private final double[] capSum;
    private final double[] reqTot;
    private final double[] utilMips;
    private final boolean[] hasGuests;
    private final double[] prevU;
    private final boolean[] prevActive;
    private final boolean[] prevViol;
    private final double[] prevVmAlloc;
    private final double[] prevVmReq;
    private final boolean[] prevVmMig;
    private final boolean[] prevVmValid;
    private final double[] curVmAlloc;
    private boolean havePrev;
    private double prevTime;

    // accumulators
    private double energyJ;
    private double activeTime;
    private double violTime;
    private double totalReq;
    private double underMig;

    public Engine(Workload workload, Mode mode) {
        this(workload, mode, Reference.HOSTS);
    }

    public Engine(Workload workload, Mode mode, int hosts) {
        this.workload = workload;
        this.mode = mode;
        this.nh = hosts;
        this.nv = workload.guests();
        total = new double[nh];
        pe = new double[nh];
        power = new double[nh][];
        hostRecords = new ArrayList<>(nh);
        for (int h = 0; h < nh; h++) {
            int k = Reference.hostKind(h);
            pe[h] = Reference.HOST_CORE_MIPS[k];
            total[h] = pe[h] * Reference.HOST_CORES;
            power[h] = Reference.HOST_POWER[k];
            String id = String.format("%s-%03d", Reference.HOST_KIND[k], h);
            hostRecords.add(new Host(id, id, "bench", total[h], Reference.HOST_CORES, PRESENTED_HOST_MEMORY_MIB,
                    PowerState.ON, Availability.ONLINE, ""));
        }
        mips = new double[nv];
        ram = new long[nv];
        guestRecords = new Guest[nv];
        for (int i = 0; i < nv; i++) {
            int k = Reference.vmKind(i, nv);
            mips[i] = Reference.VM_MIPS[k];
            ram[i] = Reference.VM_RAM_MIB[k];
            guestRecords[i] = new Guest(String.format("vm-%05d", i), workload.labels().get(i), 1, ram[i], "", "",
                    Map.of(), GuestState.RUNNING);
        }
        capSum = new double[nh];
        reqTot = new double[nh];
        utilMips = new double[nh];
        hasGuests = new boolean[nh];
        prevU = new double[nh];
        prevActive = new boolean[nh];
        prevViol = new boolean[nh];
        prevVmAlloc = new double[nv];
        prevVmReq = new double[nv];
        prevVmMig = new boolean[nv];
        prevVmValid = new boolean[nv];
        curVmAlloc = new double[nv];
    }

    /** Runs the whole day with {@code policy}. */
    public RunResult run(Policy policy) {
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
                heap.add(p);
            }
        }
        long start = System.nanoTime();
        reset();
        int steps = workload.steps();
        int rounds = Math.max(0, steps - 1);
        int[] active = new int[rounds];
        double[] watts = new double[rounds];
        int[] stepMig = new int[rounds];
        int[] aliveCount = new int[rounds];
        int migrations = 0;
        int refused = 0;
        initialPlacement();
        for (int k = 1; k < steps; k++) {
            double t = k * Reference.PERIOD_S + OFFSET_S;
            for (int v = 0; v < nv; v++) {
                if (alive[v]) {
                    req[v] = demand(v, k);
                }
            }
            computeStates();
            account(t);
            int r = k - 1;
            for (int h = 0; h < nh; h++) {
                if (isActive(h)) {
                    active[r]++;
                    watts[r] += Reference.watts(power[h], u(h));
                }
            }
            for (int v = 0; v < nv; v++) {
                if (!alive[v]) {
                    continue;
                }
                if (mode == Mode.CLOUDSIM_COMPATIBLE && req[v] == 0 && migTo[v] < 0) {
                    alive[v] = false; // CloudSim 3.0.3 destroys a guest that requests nothing
                    prevVmValid[v] = false;
                    continue;
                }
                if (mode == Mode.REALISTIC || req[v] != 0) {
                    record(v, req[v]);
                }
                aliveCount[r]++;
            }
            Plan plan = policy.plan(view(k, t));
            int[] outcome = execute(plan, t);
            migrations += outcome[0];
            refused += outcome[1];
            stepMig[r] = outcome[0];
            computeStates();
            keepAsPrevious(t);
            finishMigrations(t);
        }
        double wall = (System.nanoTime() - start) / 1e6;
        long peak = 0;
        for (MemoryPoolMXBean p : heap) {
            peak += p.getPeakUsage().getUsed();
        }
        double slatah = activeTime > 0 ? violTime / activeTime : 0;
        double pdm = totalReq > 0 ? underMig / totalReq : 0;
        return new RunResult(policy.name(), workload.name(), mode, energyJ / 3.6e6, slatah, pdm, migrations, refused,
                wall, peak / (1024.0 * 1024.0), active, watts, stepMig, aliveCount);
    }

    private void reset() {
        vmHost = new int[nv];
        alive = new boolean[nv];
        migTo = new int[nv];
        migEnd = new double[nv];
        req = new double[nv];
        hist = new double[nv][HISTORY];
        histCount = new int[nv];
        Arrays.fill(migTo, -1);
        Arrays.fill(prevVmValid, false);
        havePrev = false;
        energyJ = 0;
        activeTime = 0;
        violTime = 0;
        totalReq = 0;
        underMig = 0;
    }

    /** Requested MIPS of guest {@code v} at update {@code k}. */
    private double demand(int v, int k) {
        int[] d = workload.cpu()[v];
        double u = d[k] / 100.0;
        if (mode == Mode.CLOUDSIM_COMPATIBLE) {
            // CloudSim samples 0.1 s into the period and interpolates towards the next value (0 past the end).
            double next = k + 1 < d.length ? d[k + 1] / 100.0 : 0;
            u = u + (next - u) * (OFFSET_S / Reference.PERIOD_S);
        }
        return u * mips[v];
    }

    /**
     * CloudSim's initial allocation: in list order, each guest asks for its full MIPS and memory and goes to the
     * host whose power would grow least, measured from the host's (still zero) utilisation; first host on ties.
     */
    private void initialPlacement() {
        double[] allocated = new double[nh];
        long[] memUsed = new long[nh];
        for (int v = 0; v < nv; v++) {
            int best = -1;
            double bestDiff = Double.MAX_VALUE;
            for (int h = 0; h < nh; h++) {
                if (pe[h] < mips[v] || total[h] - allocated[h] < mips[v] || memUsed[h] + ram[v] > Reference.HOST_RAM_MIB) {
                    continue;
                }
                double diff = Reference.watts(power[h], mips[v] / total[h]) - Reference.watts(power[h], 0);
                if (diff < bestDiff) {
                    bestDiff = diff;
                    best = h;
                }
            }
            if (best < 0) {
                throw new IllegalStateException("guest " + guestRecords[v].name() + " fits on no host: the workload "
                        + "has more guests than " + nh + " hosts can boot");
            }
            allocated[best] += mips[v];
            memUsed[best] += ram[v];
            vmHost[v] = best;
            alive[v] = true;
        }
    }

    private void record(int v, double value) {
        double[] h = hist[v];
        if (histCount[v] < HISTORY) {
            h[histCount[v]++] = value;
        } else {
            System.arraycopy(h, 1, h, 0, HISTORY - 1);
            h[HISTORY - 1] = value;
        }
    }

    private double u(int h) {
        double u = utilMips[h] / total[h];
        return u > 1 ? 1 : u;
    }

    private boolean isActive(int h) {
        return mode == Mode.CLOUDSIM_COMPATIBLE ? utilMips[h] > 0 : hasGuests[h];
    }

    /** Allocation of every host and guest for the current demands and migrations. */
    private void computeStates() {
        Arrays.fill(capSum, 0);
        Arrays.fill(reqTot, 0);
        Arrays.fill(utilMips, 0);
        Arrays.fill(hasGuests, false);
        for (int v = 0; v < nv; v++) {
            if (!alive[v]) {
                continue;
            }
            int h = vmHost[v];
            capSum[h] += Math.min(req[v], pe[h]);
            reqTot[h] += req[v];
            hasGuests[h] = true;
            int d = migTo[v];
            if (d >= 0) {
                capSum[d] += Math.min(req[v], pe[d]) * 0.1;
                reqTot[d] += req[v];
                hasGuests[d] = true;
            }
        }
        for (int v = 0; v < nv; v++) {
            if (!alive[v]) {
                continue;
            }
            int h = vmHost[v];
            boolean migrating = migTo[v] >= 0;
            double c = Math.min(req[v], pe[h]);
            double alloc;
            if (capSum[h] > total[h]) {
                alloc = Math.floor(c * (total[h] / capSum[h]) * (migrating ? 0.9 : 1));
            } else {
                alloc = migrating ? c * 0.9 : c;
            }
            utilMips[h] += migrating ? alloc / 0.9 : alloc;
            curVmAlloc[v] = alloc;
            int d = migTo[v];
            if (d >= 0) {
                double cd = Math.min(req[v], pe[d]) * 0.1;
                utilMips[d] += capSum[d] > total[d] ? Math.floor(cd * (total[d] / capSum[d])) : cd;
            }
        }
    }

    /** Accounts the interval since the previous state, then keeps the current state as the previous one. */
    private void account(double t) {
        if (havePrev) {
            double dt = t - prevTime;
            for (int h = 0; h < nh; h++) {
                if (!prevActive[h]) {
                    continue;
                }
                energyJ += (Reference.watts(power[h], prevU[h]) + Reference.watts(power[h], u(h))) / 2 * dt;
                activeTime += dt;
                if (prevViol[h]) {
                    violTime += dt;
                }
            }
            for (int v = 0; v < nv; v++) {
                if (!prevVmValid[v]) {
                    continue;
                }
                totalReq += prevVmReq[v] * dt;
                if (prevVmMig[v] && prevVmAlloc[v] < prevVmReq[v]) {
                    underMig += (prevVmReq[v] - prevVmAlloc[v]) * dt;
                }
            }
        }
        keepAsPrevious(t);
    }

    private void keepAsPrevious(double t) {
        for (int h = 0; h < nh; h++) {
            prevU[h] = u(h);
            prevActive[h] = isActive(h);
            prevViol[h] = utilMips[h] < reqTot[h];
        }
        for (int v = 0; v < nv; v++) {
            prevVmValid[v] = alive[v];
            if (alive[v]) {
                prevVmAlloc[v] = curVmAlloc[v];
                prevVmReq[v] = req[v];
                prevVmMig[v] = migTo[v] >= 0;
            }
        }
        prevTime = t;
        havePrev = true;
    }

    /** Ends the migrations started at {@code t}, in order of their end, accounting at each end. */
    private void finishMigrations(double t) {
        while (true) {
            double next = Double.MAX_VALUE;
            for (int v = 0; v < nv; v++) {
                if (alive[v] && migTo[v] >= 0 && migEnd[v] < next) {
                    next = migEnd[v];
                }
            }
            if (next == Double.MAX_VALUE) {
                return;
            }
            computeStates();
            account(next);
            for (int v = 0; v < nv; v++) {
                if (alive[v] && migTo[v] >= 0 && migEnd[v] == next) {
                    vmHost[v] = migTo[v];
                    migTo[v] = -1;
                }
            }
            computeStates();
            keepAsPrevious(next);
        }
    }

    /** Carries out the plan's migrations; returns {migrations, refused}. */
    private int[] execute(Plan plan, double t) {
        int done = 0;
        int refused = 0;
        for (Action a : plan.actions()) {
            if (!(a instanceof Action.Migrate)) {
                refused++; // hosts power on and off by themselves in this model
                continue;
            }
            Action.Migrate m = (Action.Migrate) a;
            int v = guestIndex(m.guestId());
            int from = hostIndex(m.fromHostId());
            int to = hostIndex(m.toHostId());
            if (v < 0 || !alive[v] || from < 0 || to < 0 || from == to) {
                refused++;
                continue;
            }
            if (migTo[v] >= 0) {
                // CloudSim may move a guest twice in one plan (placed by the overload pass, then moved again by the
                // under-load pass); both count, the guest ends on the last host.
                if (migTo[v] != from || to == vmHost[v]) {
                    refused++;
                    continue;
                }
                migTo[v] = to;
                done++;
                continue;
            }
            if (vmHost[v] != from) {
                refused++;
                continue;
            }
            migTo[v] = to;
            migEnd[v] = t + Reference.migrationSeconds(ram[v]);
            done++;
        }
        return new int[] {done, refused};
    }

    private Map<String, Integer> guestIndexMap;
    private Map<String, Integer> hostIndexMap;

    private int guestIndex(String id) {
        if (guestIndexMap == null) {
            guestIndexMap = new HashMap<>(nv * 2);
            for (int v = 0; v < nv; v++) {
                guestIndexMap.put(guestRecords[v].id(), v);
            }
        }
        return guestIndexMap.getOrDefault(id, -1);
    }

    private int hostIndex(String id) {
        if (hostIndexMap == null) {
            hostIndexMap = new HashMap<>(nh * 2);
            for (int h = 0; h < nh; h++) {
                hostIndexMap.put(hostRecords.get(h).id(), h);
            }
        }
        return hostIndexMap.getOrDefault(id, -1);
    }

    /** What the policy sees: hosts, live guests, placement, guest demand history, host utilisation. */
    private ClusterView view(int k, double t) {
        long now = (long) (k * STEP_MILLIS);
        List<Guest> guests = new ArrayList<>(nv);
        Map<String, String> placement = new HashMap<>(nv * 2);
        Map<MetricHistory.Key, Series> series = new HashMap<>((nv + nh) * 2);
        for (int v = 0; v < nv; v++) {
            if (!alive[v]) {
                continue;
            }
            Guest g = guestRecords[v];
            guests.add(g);
            placement.put(g.id(), hostRecords.get(vmHost[v]).id());
            series.put(new MetricHistory.Key(Subject.guest(g.id()), Metrics.CPU_DEMAND),
                    Series.regular(now, STEP_MILLIS, Arrays.copyOf(hist[v], histCount[v])));
        }
        for (int h = 0; h < nh; h++) {
            series.put(new MetricHistory.Key(Subject.host(hostRecords.get(h).id()), Metrics.CPU_UTILIZATION),
                    Series.regular(now, STEP_MILLIS, utilMips[h] / total[h]));
        }
        return ClusterView.builder().time(Instant.ofEpochMilli(now)).cycle(k).hosts(hostRecords).guests(guests)
                .placement(placement).metrics(new MetricHistory(series)).build();
    }

    /** A view built from raw parts, the way a planning round of the scale measurement builds it. */
    static ClusterView syntheticView(List<Host> hosts, List<Guest> guests, Map<String, String> placement,
                                     Map<MetricHistory.Key, Series> series) {
        return ClusterView.builder().time(Instant.EPOCH).hosts(hosts).guests(guests).placement(placement)
                .metrics(new MetricHistory(series)).build();
    }
}
