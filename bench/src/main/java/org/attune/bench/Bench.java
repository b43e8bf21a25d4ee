package org.attune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

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
import org.attune.simulation.PlanetLabTraces;

/**
 * The benchmark's command line. {@code run} (the default) runs policies on PlanetLab days and prints CloudSim's
 * metrics, writes a CSV per run, a summary CSV and a chart per day and mode; {@code scale} times one planning
 * round on a large synthetic cluster. Exit status: 0 fine, 1 a fidelity tolerance or quality target was missed
 * (when asked to check), 2 bad usage or missing traces.
 */
public final class Bench {

    /** CloudSim 3.0.3, file list sorted by name: THR-MMT-0.8 energy (kWh) and migrations per day. */
    static final Map<String, double[]> CLOUDSIM_THR = new LinkedHashMap<>();

    static {
        CLOUDSIM_THR.put("20110303", new double[] {192.6, 26711});
        CLOUDSIM_THR.put("20110306", new double[] {144.7, 20908});
        CLOUDSIM_THR.put("20110309", new double[] {165.3, 23475});
        CLOUDSIM_THR.put("20110322", new double[] {201.7, 28902});
        CLOUDSIM_THR.put("20110325", new double[] {175.2, 24883});
    }

    static final double ENERGY_TOLERANCE = 0.03;

    /**
     * Host memory of the synthetic scale clusters: 16 GiB, so that six guests of the reference kinds per host fit
     * and memory is enforced without making the synthetic placement infeasible.
     */
    static final long SCALE_HOST_MEMORY_MIB = 16 * 1024;
    static final double MIGRATION_TOLERANCE = 0.10;

    private static final String USAGE = String.join("\n",
            "usage: java -jar attune-bench.jar [run] TRACES_DIR [options]",
            "       java -jar attune-bench.jar scale [--policy NAME] [--sizes HOSTSxGUESTS,...]",
            "run options:",
            "  --days D1,D2          days (sub-folders of TRACES_DIR) to run; default: all",
            "  --policies P1,P2|all  policies; default all: " + String.join(", ", Policies.known()),
            "  --modes M1,M2|both    realistic (default) and/or cloudsim-compatible",
            "  --out DIR             where CSVs and charts go; default bench-results",
            "  --check-fidelity      also run THR-MMT-0.8 cloudsim-compatible and exit 1 unless it is within "
                    + (int) (ENERGY_TOLERANCE * 100) + "% of CloudSim's energy and " + (int) (MIGRATION_TOLERANCE * 100)
                    + "% of its migrations on every day",
            "  --check-quality       exit 1 unless the own policy meets the quality targets on every day and mode");

    private Bench() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("attune-bench: " + e.getMessage());
            System.err.println(USAGE);
            status = 2;
        } catch (IOException e) {
            System.err.println("attune-bench: " + e);
            status = 2;
        }
        System.exit(status);
    }

    static int run(String[] args, PrintStream out) throws IOException {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.isEmpty() && a.get(0).equals("scale")) {
            return scale(a.subList(1, a.size()), out);
        }
        if (!a.isEmpty() && a.get(0).equals("run")) {
            a.remove(0);
        }
        if (a.isEmpty() || a.contains("--help") || a.contains("-h")) {
            out.println(USAGE);
            return a.isEmpty() ? 2 : 0;
        }
        Path traces = null;
        List<String> days = null;
        List<String> policies = Policies.known();
        List<Mode> modes = List.of(Mode.REALISTIC);
        Path outDir = Paths.get("bench-results");
        boolean checkFidelity = false;
        boolean checkQuality = false;
        for (int i = 0; i < a.size(); i++) {
            String arg = a.get(i);
            switch (arg) {
                case "--days":
                    days = split(value(a, ++i, arg));
                    break;
                case "--policies":
                    String p = value(a, ++i, arg);
                    policies = p.equals("all") ? Policies.known() : split(p);
                    break;
                case "--modes":
                    String m = value(a, ++i, arg);
                    modes = new ArrayList<>();
                    for (String s : m.equals("both") ? List.of("realistic", "cloudsim-compatible") : split(m)) {
                        modes.add(Mode.parse(s));
                    }
                    break;
                case "--out":
                    outDir = Paths.get(value(a, ++i, arg));
                    break;
                case "--traces":
                    traces = Paths.get(value(a, ++i, arg));
                    break;
                case "--check-fidelity":
                    checkFidelity = true;
                    break;
                case "--check-quality":
                    checkQuality = true;
                    break;
                default:
                    if (arg.startsWith("--") || traces != null) {
                        throw new IllegalArgumentException("unknown argument " + arg);
                    }
                    traces = Paths.get(arg);
            }
        }
        policies = new ArrayList<>(new java.util.LinkedHashSet<>(policies)); // a policy named twice runs once
        for (String p : policies) {
            Policies.create(p, Mode.REALISTIC); // fail fast on a bad name
        }
        Map<String, Path> dayDirs = findDays(traces, days);
        if (dayDirs == null) {
            return 2;
        }
        Files.createDirectories(outDir);
        List<RunResult> all = new ArrayList<>();
        header(out);
        for (Map.Entry<String, Path> day : dayDirs.entrySet()) {
            PlanetLabTraces.Day w = PlanetLabTraces.readDay(day.getValue(), PlanetLabTraces.DAY_SAMPLES);
            List<Mode> dayModes = new ArrayList<>(modes);
            if (checkFidelity && !dayModes.contains(Mode.CLOUDSIM_COMPATIBLE)) {
                dayModes.add(Mode.CLOUDSIM_COMPATIBLE);
            }
            for (Mode mode : dayModes) {
                List<String> names = new ArrayList<>(modes.contains(mode) ? policies : List.of());
                if (checkFidelity && mode == Mode.CLOUDSIM_COMPATIBLE && !names.contains("thr-mmt-0.8")) {
                    names.add("thr-mmt-0.8");
                }
                List<RunResult> runs = new ArrayList<>();
                for (String name : names) {
                    RunResult r = new DayRun(w, Setup.of(mode)).run(Policies.create(name, mode));
                    runs.add(r);
                    all.add(r);
                    row(out, r);
                    writeSteps(outDir.resolve(day.getKey()).resolve(mode.id()).resolve(name + ".csv"), r);
                }
                Path chart = outDir.resolve(day.getKey() + "-" + mode.id() + ".png");
                Chart.write(chart, "PlanetLab " + day.getKey() + ", " + mode.id() + ": active hosts and power", runs);
            }
        }
        writeSummary(outDir.resolve("summary.csv"), all);
        out.println();
        out.println("CSVs and charts in " + outDir.toAbsolutePath().normalize());
        boolean ok = true;
        if (checkFidelity) {
            ok &= fidelity(all, out);
        }
        Quality.Verdict q = Quality.check(all, out);
        if (checkQuality) {
            ok &= q.met();
        }
        return ok ? 0 : 1;
    }

    private static String value(List<String> a, int i, String option) {
        if (i >= a.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return a.get(i);
    }

    private static List<String> split(String s) {
        List<String> r = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                r.add(p.trim());
            }
        }
        return r;
    }

    /** Day name to folder; null after explaining when there are no traces. */
    static Map<String, Path> findDays(Path traces, List<String> days) throws IOException {
        if (traces == null || !Files.isDirectory(traces)) {
            System.err.println(String.join("\n",
                    "attune-bench: no PlanetLab traces at " + (traces == null ? "(no TRACES_DIR given)" : traces.toAbsolutePath()),
                    "  The bench needs the PlanetLab CPU traces distributed with CloudSim (Apache-2.0):",
                    "  https://github.com/Cloudslab/cloudsim, folder modules/cloudsim-examples/src/main/resources/workload/planetlab",
                    "  (one folder per day, e.g. 20110303, each with one file of 288 CPU percentages per VM).",
                    "  On the Attune build machine they are in ../shared/workloads/planetlab (relative to the repository).",
                    "  Pass the folder that holds the day folders (or a single day folder) as TRACES_DIR."));
            return null;
        }
        Map<String, Path> found = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(traces)) {
            for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
                found.put(p.getFileName().toString(), p);
            }
        }
        if (found.isEmpty()) {
            found.put(traces.getFileName().toString(), traces); // a single day folder
        }
        if (days == null) {
            return found;
        }
        Map<String, Path> chosen = new LinkedHashMap<>();
        for (String d : days) {
            Path p = found.get(d);
            if (p == null) {
                throw new IllegalArgumentException("no day " + d + " in " + traces + "; there are " + found.keySet());
            }
            chosen.put(d, p);
        }
        return chosen;
    }

    static void header(PrintStream out) {
        out.printf(Locale.ROOT, "%-9s %-20s %-14s %9s %8s %8s %10s %10s %10s %8s %9s%n", "day", "mode", "policy",
                "energy", "SLATAH", "PDM", "SLAV", "ESV", "migrations", "wall ms", "heap MiB");
    }

    static void row(PrintStream out, RunResult r) {
        out.printf(Locale.ROOT, "%-9s %-20s %-14s %9.2f %7.2f%% %7.3f%% %10.3e %10.3e %10d %8.0f %9.0f%n", r.workload(),
                r.mode().id(), r.policy(), r.energyKWh(), 100 * r.slatah(), 100 * r.pdm(), r.slav(), r.esv(),
                r.migrations(), r.wallMillis(), r.peakHeapMiB());
    }

    private static void writeSteps(Path file, RunResult r) throws IOException {
        Files.createDirectories(file.getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("step,time_s,active_hosts,power_w,migrations,guests_alive");
            for (int i = 0; i < r.activeHosts().length; i++) {
                w.printf(Locale.ROOT, "%d,%.1f,%d,%.1f,%d,%d%n", i + 1, (i + 1) * Reference.PERIOD_S + 0.1,
                        r.activeHosts()[i], r.powerWatts()[i], r.stepMigrations()[i], r.guestsAlive()[i]);
            }
        }
    }

    private static void writeSummary(Path file, List<RunResult> runs) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("day,mode,policy,energy_kwh,slatah,pdm,slav,esv,migrations,refused,wall_ms,peak_heap_mib");
            for (RunResult r : runs) {
                w.printf(Locale.ROOT, "%s,%s,%s,%.3f,%.6f,%.8f,%.6e,%.6e,%d,%d,%.1f,%.1f%n", r.workload(),
                        r.mode().id(), r.policy(), r.energyKWh(), r.slatah(), r.pdm(), r.slav(), r.esv(), r.migrations(),
                        r.refused(), r.wallMillis(), r.peakHeapMiB());
            }
        }
    }

    /** Compares compatible-mode THR-MMT-0.8 with CloudSim's figures; true when every day is within tolerance. */
    static boolean fidelity(List<RunResult> runs, PrintStream out) {
        out.println();
        out.println("Fidelity: THR-MMT-0.8, cloudsim-compatible, against CloudSim 3.0.3 (file list sorted by name)");
        out.printf(Locale.ROOT, "%-9s %10s %10s %8s %10s %10s %8s  %s%n", "day", "energy", "CloudSim", "diff",
                "migrations", "CloudSim", "diff", "verdict");
        boolean ok = true;
        int checked = 0;
        for (RunResult r : runs) {
            if (r.mode() != Mode.CLOUDSIM_COMPATIBLE || !r.policy().equals("thr-mmt-0.8")) {
                continue;
            }
            double[] ref = CLOUDSIM_THR.get(r.workload());
            if (ref == null) {
                out.printf(Locale.ROOT, "%-9s no CloudSim figure for this day%n", r.workload());
                continue;
            }
            double de = r.energyKWh() / ref[0] - 1;
            double dm = r.migrations() / ref[1] - 1;
            boolean pass = Math.abs(de) <= ENERGY_TOLERANCE && Math.abs(dm) <= MIGRATION_TOLERANCE;
            ok &= pass;
            checked++;
            out.printf(Locale.ROOT, "%-9s %10.2f %10.1f %+7.2f%% %10d %10.0f %+7.2f%%  %s%n", r.workload(),
                    r.energyKWh(), ref[0], 100 * de, r.migrations(), ref[1], 100 * dm,
                    pass ? "ok" : "MISSED (tolerance " + (int) (100 * ENERGY_TOLERANCE) + "% energy, "
                            + (int) (100 * MIGRATION_TOLERANCE) + "% migrations)");
        }
        if (checked == 0) {
            out.println("no day with CloudSim figures was run");
            return false;
        }
        out.println(ok ? "fidelity: all days within tolerance" : "fidelity: tolerance MISSED");
        return ok;
    }

    // --- scale ---------------------------------------------------------------------------------------------------

    static int scale(List<String> a, PrintStream out) {
        String policy = OwnPolicies.NAMES.isEmpty() ? "thr-mmt-0.8" : OwnPolicies.NAMES.get(0);
        List<String> sizes = List.of("5000x30000", "50000x300000");
        int repeats = 3;
        for (int i = 0; i < a.size(); i++) {
            switch (a.get(i)) {
                case "--policy":
                    policy = value(a, ++i, "--policy");
                    break;
                case "--sizes":
                    sizes = split(value(a, ++i, "--sizes"));
                    break;
                case "--repeats":
                    repeats = Integer.parseInt(value(a, ++i, "--repeats"));
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument " + a.get(i));
            }
        }
        Policy p = Policies.create(policy, Mode.REALISTIC);
        out.printf(Locale.ROOT, "%-8s %-8s %-14s %12s %12s %12s %10s%n", "hosts", "guests", "policy", "view ms",
                "plan ms", "round ms", "actions");
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
                out.printf(Locale.ROOT, "%-8d %-8d %-14s %12.1f %12.1f %12.1f %10d%n", hosts, guests, p.name(),
                        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t2 - t0) / 1e6, plan.actions().size());
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

        static ScaleCluster generate(long seed, int nh, int ng) {
            List<Host> hosts = new ArrayList<>(nh);
            double[] cap = new double[nh];
            for (int h = 0; h < nh; h++) {
                int k = Reference.hostKind(h);
                cap[h] = Reference.HOST_CORE_MIPS[k] * Reference.HOST_CORES;
                String id = String.format("%s-%06d", Reference.HOST_KIND[k], h);
                hosts.add(new Host(id, id, "bench", cap[h], Reference.HOST_CORES, SCALE_HOST_MEMORY_MIB,
                        PowerState.ON, Availability.ONLINE, ""));
            }
            PlanetLabTraces.Day w = SyntheticWorkload.generate(seed, ng, DayRun.HISTORY);
            SplittableRandom random = new SplittableRandom(seed);
            List<Guest> guests = new ArrayList<>(ng);
            String[] where = new String[ng];
            double[][] history = new double[ng][];
            double[] load = new double[nh];
            int h = 0;
            for (int g = 0; g < ng; g++) {
                int k = Reference.vmKind(g, ng);
                guests.add(new Guest(String.format("vm-%07d", g), w.labels().get(g), 1, Reference.VM_RAM_MIB[k], "", "",
                        Map.of(), GuestState.RUNNING));
                history[g] = new double[DayRun.HISTORY];
                for (int s = 0; s < DayRun.HISTORY; s++) {
                    history[g][s] = w.percent()[g][s] / 100.0 * Reference.VM_MIPS[k];
                }
                double d = history[g][DayRun.HISTORY - 1];
                // Random hosts, filled to a varied level: some hot, many cold.
                int tries = 0;
                do {
                    h = random.nextInt(nh);
                    tries++;
                } while (load[h] + d > cap[h] * 1.1 && tries < 20);
                load[h] += d;
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
