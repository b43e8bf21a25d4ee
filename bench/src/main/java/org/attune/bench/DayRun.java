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
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.simulation.EngineSettings;
import org.attune.simulation.PlanetLabTraces;
import org.attune.simulation.SimulatedGuest;
import org.attune.simulation.SimulatedHost;
import org.attune.simulation.SimulationEngine;
import org.attune.simulation.Workload;
import org.attune.simulation.Workloads;

/**
 * One PlanetLab day on the shared simulation engine, in virtual time, through the orchestrator's decision path:
 * every 300 s (0.1 s after the boundary, as CloudSim) the policy gets a {@link ClusterView}, its plan goes through
 * the orchestrator's {@link org.attune.model.validation.PlanValidator} with the setup's migration limits and
 * cooldown, and the {@link VirtualExecutor} carries it out on the engine; actions that must wait (a host booting,
 * memory held by a guest still leaving, a limit) start at the engine event that frees them.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class DayRun {

    /** Samples of guest demand history handed to policies (CloudSim keeps 30). */
    public static final int HISTORY = 30;
    private static final long PERIOD_MILLIS = (long) (Reference.PERIOD_S * 1000);

    private final PlanetLabTraces.Day day;
    private final Setup setup;
    private final int hosts;

    public DayRun(PlanetLabTraces.Day day, Setup setup) {
        this(day, setup, Reference.HOSTS);
    }

    public DayRun(PlanetLabTraces.Day day, Setup setup, int hosts) {
        this.day = day;
        this.setup = setup;
        this.hosts = hosts;
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
        Cluster c = new Cluster();
        int steps = day.samples();
        int rounds = Math.max(0, steps - 1);
        int[] active = new int[rounds];
        double[] watts = new double[rounds];
        int[] stepMig = new int[rounds];
        int[] aliveCount = new int[rounds];
        long startedBefore = 0;
        for (int k = 1; k < steps; k++) {
            double t = k * Reference.PERIOD_S + Reference.UPDATE_OFFSET_S;
            c.advanceTo(t, k - 1);
            if (k == 1) {
                c.engine.resetTotals(); // CloudSim accounts from its first update on
            } else {
                // Migrations of the previous period: started by its plan, or later as what they waited for ended.
                stepMig[k - 2] = (int) (c.engine.totals().migrationsStarted() - startedBefore);
            }
            startedBefore = c.engine.totals().migrationsStarted();
            int r = k - 1;
            active[r] = c.engine.hostsDrawingPower();
            watts[r] = c.engine.totalWatts();
            aliveCount[r] = c.observe();
            c.executor.supersede();
            ClusterView view = c.view(k, t);
            Plan plan = policy.plan(view);
            c.executor.execute(plan, k, view);
        }
        c.finish(steps - 1);
        if (rounds > 0) {
            stepMig[rounds - 1] = (int) (c.engine.totals().migrationsStarted() - startedBefore);
        }
        double wall = (System.nanoTime() - start) / 1e6;
        long peak = 0;
        for (MemoryPoolMXBean p : heap) {
            peak += p.getPeakUsage().getUsed();
        }
        var totals = c.engine.totals();
        int migrations = (int) totals.migrationsStarted() + c.executor.retargeted();
        return new RunResult(policy.name(), day.name(), setup.mode(), totals.energyKWh(), totals.slatah(),
                totals.pdm(), migrations, c.executor.refused(), (int) totals.boots(), wall,
                peak / (1024.0 * 1024.0), active, watts, stepMig, aliveCount, c.bootGuests);
    }

    /** The simulated cluster of one run: the engine, the guests' histories, the executor. */
    private final class Cluster {
        final SimulationEngine engine;
        final VirtualExecutor executor;
        final int nv = day.traces();
        final Host[][] hostRecords = new Host[hosts][PowerState.values().length];
        final Guest[] guestRecords = new Guest[nv];
        final double[][] hist = new double[nv][HISTORY];
        final int[] histCount = new int[nv];
        final boolean compat = setup.mode() == Mode.CLOUDSIM_COMPATIBLE;
        int[] bootGuests;

        Cluster() {
            engine = new SimulationEngine(compat ? EngineSettings.cloudsim()
                    : new EngineSettings(EngineSettings.Model.PHYSICAL, 0.1, 0.1, Reference.PERIOD_S, 0.3));
            int[] where = initialPlacement();
            boolean[] used = new boolean[hosts];
            int[] perHost = new int[hosts];
            for (int v = 0; v < nv; v++) {
                used[where[v]] = true;
                perHost[where[v]]++;
            }
            bootGuests = Arrays.stream(perHost).filter(n -> n > 0).sorted().toArray();
            for (int h = 0; h < hosts; h++) {
                int k = Reference.hostKind(h);
                String id = String.format("%s-%03d", Reference.HOST_KIND[k], h);
                PowerProfile profile = Reference.profile(k, setup.mode());
                if (setup.mode() == Mode.REALISTIC) {
                    profile = profile.withBoot(setup.bootTime(), profile.maxWatts());
                }
                engine.addHost(new SimulatedHost(id, Reference.HOST_CORES, Reference.HOST_CORE_MIPS[k],
                        setup.hostMemoryMiB(), compat ? Reference.CLOUDSIM_MIGRATION_MIBPS : Reference.LINK_MIBPS,
                        profile, compat || used[h]));
                for (PowerState s : PowerState.values()) {
                    hostRecords[h][s.ordinal()] = new Host(id, id, "bench", Reference.HOST_CORES * Reference.HOST_CORE_MIPS[k],
                            Reference.HOST_CORES, setup.hostMemoryMiB(), s, Availability.ONLINE, "", profile);
                }
            }
            for (int v = 0; v < nv; v++) {
                int k = Reference.vmKind(v, nv);
                String id = String.format("vm-%05d", v);
                guestRecords[v] = new Guest(id, day.labels().get(v), 1, Reference.VM_RAM_MIB[k], "", "", Map.of(),
                        GuestState.RUNNING);
                int g = engine.addGuest(new SimulatedGuest(id, 1, Reference.VM_RAM_MIB[k], 0,
                        compat ? 0 : setup.dirtyAtFullCpu(), workload(v, k)), where[v]);
                if (g != v) {
                    throw new IllegalStateException("engine numbered guest " + v + " as " + g);
                }
            }
            executor = new VirtualExecutor(engine, setup, this::structuralViewNow, hostIds(), guestIds(), compat);
        }

        private String[] hostIds() {
            String[] ids = new String[hosts];
            for (int h = 0; h < hosts; h++) {
                ids[h] = hostRecords[h][0].id();
            }
            return ids;
        }

        private String[] guestIds() {
            String[] ids = new String[nv];
            for (int v = 0; v < nv; v++) {
                ids[v] = guestRecords[v].id();
            }
            return ids;
        }

        /**
         * The trace as the engine plays it: sample k holds from 0.1 s after boundary k on. CloudSim-compatible mode
         * interpolates each sample 0.1 s towards the next one (0 past the end), as CloudSim reads its traces.
         */
        private Workload workload(int v, int kind) {
            double[] d = day.percent()[v];
            double mips = Reference.VM_MIPS[kind];
            double[] values = new double[d.length];
            for (int k = 0; k < d.length; k++) {
                double u = d[k] / 100.0;
                if (compat) {
                    double next = k + 1 < d.length ? d[k + 1] / 100.0 : 0;
                    u = u + (next - u) * (Reference.UPDATE_OFFSET_S / Reference.PERIOD_S);
                }
                values[k] = u * mips;
            }
            return Workloads.trace(values, Reference.PERIOD_S, Reference.UPDATE_OFFSET_S, false,
                    "planetlab " + day.name() + "/" + day.labels().get(v));
        }

        /**
         * CloudSim's initial allocation: in list order, each guest asks for its full MIPS and memory and goes to the
         * host whose power would grow least, measured from the host's (still zero) utilisation; first host on ties.
         */
        private int[] initialPlacement() {
            double[] allocated = new double[hosts];
            long[] memUsed = new long[hosts];
            int[] where = new int[nv];
            for (int v = 0; v < nv; v++) {
                int kind = Reference.vmKind(v, nv);
                double mips = Reference.VM_MIPS[kind];
                long ram = Reference.VM_RAM_MIB[kind];
                int best = -1;
                double bestDiff = Double.MAX_VALUE;
                for (int h = 0; h < hosts; h++) {
                    int k = Reference.hostKind(h);
                    double pe = Reference.HOST_CORE_MIPS[k];
                    double total = pe * Reference.HOST_CORES;
                    if (pe < mips || total - allocated[h] < mips || memUsed[h] + ram > Reference.HOST_RAM_MIB) {
                        continue;
                    }
                    double diff = Reference.watts(Reference.HOST_POWER[k], mips / total)
                            - Reference.watts(Reference.HOST_POWER[k], 0);
                    if (diff < bestDiff) {
                        bestDiff = diff;
                        best = h;
                    }
                }
                if (best < 0) {
                    throw new IllegalStateException("guest " + day.labels().get(v) + " fits on no host: the workload "
                            + "has more guests than " + hosts + " hosts can boot");
                }
                allocated[best] += mips;
                memUsed[best] += ram;
                where[v] = best;
            }
            return where;
        }

        void advanceTo(double t, int cycle) {
            while (engine.step(t)) {
                executor.afterEvents(cycle);
            }
        }

        /** Runs the migrations still in progress to their end, as CloudSim finishes its last period. */
        void finish(int cycle) {
            while (engine.migrationsInProgress() > 0 && engine.step(Double.MAX_VALUE)) {
                executor.afterEvents(cycle);
            }
        }

        /**
         * At an update: CloudSim-compatible mode destroys guests that request nothing (CloudSim 3.0.3 does); every
         * guest's demand joins its history (CloudSim-compatible: zero samples are not recorded). Returns the guests
         * alive.
         */
        int observe() {
            int alive = 0;
            for (int v = 0; v < nv; v++) {
                if (!engine.guestAlive(v)) {
                    continue;
                }
                double req = engine.workloadDemand(v);
                if (compat && req == 0 && engine.migrationOf(v) < 0) {
                    engine.removeGuest(v);
                    continue;
                }
                if (!compat || req != 0) {
                    record(v, req);
                }
                alive++;
            }
            return alive;
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

        /** What the policy sees: hosts with their power, live guests, placement, demand history, host utilisation. */
        ClusterView view(int k, double t) {
            long now = k * PERIOD_MILLIS;
            Map<MetricHistory.Key, Series> series = new HashMap<>((nv + hosts) * 2);
            for (int v = 0; v < nv; v++) {
                if (engine.guestAlive(v)) {
                    series.put(new MetricHistory.Key(Subject.guest(guestRecords[v].id()), Metrics.CPU_DEMAND),
                            Series.regular(now, PERIOD_MILLIS, Arrays.copyOf(hist[v], histCount[v])));
                }
            }
            for (int h = 0; h < hosts; h++) {
                series.put(new MetricHistory.Key(Subject.host(hostRecords[h][0].id()), Metrics.CPU_UTILIZATION),
                        Series.regular(now, PERIOD_MILLIS, engine.utilization(h)));
            }
            return base(k, now).metrics(new MetricHistory(series)).build();
        }

        /** The view without metrics, now: what validating actions that waited needs. */
        private ClusterView structuralViewNow(int cycle) {
            return base(cycle, (long) (engine.now() * 1000)).build();
        }

        private ClusterView.Builder base(long cycle, long nowMillis) {
            List<Host> hostList = new ArrayList<>(hosts);
            for (int h = 0; h < hosts; h++) {
                hostList.add(hostRecords[h][engine.power(h).ordinal()]);
            }
            List<Guest> guests = new ArrayList<>(nv);
            Map<String, String> placement = new HashMap<>(nv * 2);
            for (int v = 0; v < nv; v++) {
                if (engine.guestAlive(v)) {
                    guests.add(guestRecords[v]);
                    placement.put(guestRecords[v].id(), hostList.get(engine.hostOf(v)).id());
                }
            }
            return ClusterView.builder().time(Instant.ofEpochMilli(nowMillis)).cycle(cycle).hosts(hostList)
                    .guests(guests).placement(placement).inFlight(executor == null ? List.of() : executor.inFlight())
                    .pinned(executor == null ? java.util.Set.of() : executor.pinned((int) cycle));
        }
    }

    /** A view built from raw parts, the way a planning round of the scale measurement builds it. */
    static ClusterView syntheticView(List<Host> hosts, List<Guest> guests, Map<String, String> placement,
                                     Map<MetricHistory.Key, Series> series) {
        return ClusterView.builder().time(Instant.EPOCH).hosts(hosts).guests(guests).placement(placement)
                .metrics(new MetricHistory(series)).build();
    }
}
