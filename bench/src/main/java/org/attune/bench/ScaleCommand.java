package org.attune.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

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
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.model.validation.Limits;
import org.attune.model.validation.PlanValidator;
import org.attune.model.validation.Validation;
import org.attune.simulation.PlanetLabTraces;

/**
 * {@code scale}: times one planning round - building the {@link ClusterView}, the policy's plan and the orchestrator's
 * validation of it - on a large synthetic cluster with memory enforced. Prints each part in milliseconds.
 */
final class ScaleCommand {

    /**
     * Host memory of the synthetic scale clusters: 16 GiB, so that six guests of the reference kinds per host (1,240
     * MiB on average) fit and memory is enforced without making the synthetic placement infeasible.
     */
    static final long HOST_MEMORY_MIB = 16 * 1024;

    static final String USAGE = "scale options: --policy NAME (default forecast), --sizes HOSTSxGUESTS,... "
            + "(default 5000x30000,50000x300000), --repeats N (default 3)";

    private ScaleCommand() {
    }

    static int run(List<String> a, PrintStream out) {
        String policy = "forecast";
        List<String> sizes = List.of("5000x30000", "50000x300000");
        int repeats = 3;
        for (int i = 0; i < a.size(); i++) {
            switch (a.get(i)) {
                case "--policy" -> policy = Args.value(a, ++i, "--policy");
                case "--sizes" -> sizes = Args.split(Args.value(a, ++i, "--sizes"));
                case "--repeats" -> repeats = Integer.parseInt(Args.value(a, ++i, "--repeats"));
                default -> throw new IllegalArgumentException("unknown argument " + a.get(i));
            }
        }
        Policy p = Policies.create(policy, Mode.REALISTIC);
        PlanValidator validator = new PlanValidator(Setup.of(Mode.REALISTIC).limits());
        out.printf(Locale.ROOT, "%-8s %-8s %-14s %10s %10s %12s %10s %8s %8s %8s%n", "hosts", "guests", "policy",
                "view ms", "plan ms", "validate ms", "round ms", "actions", "started", "waiting");
        for (String size : sizes) {
            String[] hg = size.toLowerCase(Locale.ROOT).split("x");
            if (hg.length != 2) {
                throw new IllegalArgumentException("size must be HOSTSxGUESTS, was " + size);
            }
            int hosts = Integer.parseInt(hg[0]);
            int guests = Integer.parseInt(hg[1]);
            ScaleCluster c = ScaleCluster.generate(42, hosts, guests);
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                ClusterView view = c.view();
                long t1 = System.nanoTime();
                Plan plan = p.plan(view);
                long t2 = System.nanoTime();
                Validation v = validator.validate(view, plan.actions());
                long t3 = System.nanoTime();
                out.printf(Locale.ROOT, "%-8d %-8d %-14s %10.1f %10.1f %12.1f %10.1f %8d %8d %8d%n", hosts, guests,
                        p.name(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6,
                        plan.actions().size(), v.accepted().size(), v.deferred().size());
            }
        }
        return 0;
    }

    /** A large synthetic cluster in raw form; {@link #view()} builds the ClusterView (part of a round's cost). */
    static final class ScaleCluster {
        final List<Host> hosts;
        final List<Guest> guests;
        final String[] guestHost;
        final double[][] history;

        private ScaleCluster(List<Host> hosts, List<Guest> guests, String[] guestHost, double[][] history) {
            this.hosts = hosts;
            this.guests = guests;
            this.guestHost = guestHost;
            this.history = history;
        }

        /** Hosts of the reference kinds with 16 GiB; guests on random hosts, some hot, many cold, memory respected. */
        static ScaleCluster generate(long seed, int nh, int ng) {
            List<Host> hosts = new ArrayList<>(nh);
            double[] cap = new double[nh];
            for (int h = 0; h < nh; h++) {
                int k = Reference.hostKind(h);
                cap[h] = Reference.HOST_CORE_MIPS[k] * Reference.HOST_CORES;
                String id = String.format("%s-%06d", Reference.HOST_KIND[k], h);
                hosts.add(new Host(id, id, "bench", cap[h], Reference.HOST_CORES, HOST_MEMORY_MIB, PowerState.ON,
                        Availability.ONLINE, "", Reference.profile(k, Mode.REALISTIC)));
            }
            PlanetLabTraces.Day w = SyntheticWorkload.generate(seed, ng, DayRun.HISTORY);
            SplittableRandom random = new SplittableRandom(seed);
            List<Guest> guests = new ArrayList<>(ng);
            String[] where = new String[ng];
            double[][] history = new double[ng][];
            double[] load = new double[nh];
            long[] memory = new long[nh];
            for (int g = 0; g < ng; g++) {
                int k = Reference.vmKind(g, ng);
                long ram = Reference.VM_RAM_MIB[k];
                guests.add(new Guest(String.format("vm-%07d", g), w.labels().get(g), 1, ram, "", "", Map.of(),
                        GuestState.RUNNING));
                history[g] = new double[DayRun.HISTORY];
                for (int s = 0; s < DayRun.HISTORY; s++) {
                    history[g][s] = w.percent()[g][s] / 100.0 * Reference.VM_MIPS[k];
                }
                double d = history[g][DayRun.HISTORY - 1];
                int h;
                int tries = 0;
                do {
                    h = random.nextInt(nh);
                    tries++;
                } while ((load[h] + d > cap[h] * 1.1 || memory[h] + ram > HOST_MEMORY_MIB) && tries < 50);
                if (memory[h] + ram > HOST_MEMORY_MIB) {
                    for (h = 0; memory[h] + ram > HOST_MEMORY_MIB; h++) {
                        // the first host with room: the cluster is sized so that there is one
                    }
                }
                load[h] += d;
                memory[h] += ram;
                where[g] = hosts.get(h).id();
            }
            return new ScaleCluster(hosts, guests, where, history);
        }

        ClusterView view() {
            Map<String, String> placement = new HashMap<>(guests.size() * 2);
            Map<MetricHistory.Key, Series> series = new HashMap<>(guests.size() * 2);
            for (int g = 0; g < guests.size(); g++) {
                String id = guests.get(g).id();
                placement.put(id, guestHost[g]);
                series.put(new MetricHistory.Key(Subject.guest(id), Metrics.CPU_DEMAND),
                        Series.regular(0, 300_000, history[g]));
            }
            return DayRun.syntheticView(hosts, guests, placement, series);
        }
    }
}
