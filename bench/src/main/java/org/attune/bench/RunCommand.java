package org.attune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.attune.simulation.PlanetLabTraces;

/**
 * {@code run}: policies on PlanetLab days in the chosen modes; prints CloudSim's metrics per run, writes a CSV per run,
 * a summary CSV and a chart per day and mode, and checks fidelity and quality when asked.
 */
final class RunCommand {

    static final String USAGE = String.join("\n",
            "run options:",
            "  --days D1,D2          days (sub-folders of TRACES_DIR) to run; default: all",
            "  --policies P1,P2|all  policies; default all: " + String.join(", ", Policies.known()),
            "  --modes M1,M2|both    realistic (default) and/or cloudsim-compatible",
            "  --out DIR             where CSVs and charts go; default bench-results",
            "  --check-fidelity      also run THR-MMT-0.8 cloudsim-compatible and exit 1 unless it is within "
                    + (int) (Fidelity.ENERGY_TOLERANCE * 100) + "% of CloudSim's energy and "
                    + (int) (Fidelity.MIGRATION_TOLERANCE * 100) + "% of its migrations on every day",
            "  --check-quality       exit 1 unless the own policy meets the quality targets on every realistic day");

    private RunCommand() {
    }

    static int run(List<String> a, PrintStream out) throws IOException {
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
                case "--days" -> days = Args.split(Args.value(a, ++i, arg));
                case "--policies" -> {
                    String p = Args.value(a, ++i, arg);
                    policies = p.equals("all") ? Policies.known() : Args.split(p);
                }
                case "--modes" -> {
                    String m = Args.value(a, ++i, arg);
                    modes = new ArrayList<>();
                    for (String s : m.equals("both") ? List.of("realistic", "cloudsim-compatible") : Args.split(m)) {
                        modes.add(Mode.parse(s));
                    }
                }
                case "--out" -> outDir = Paths.get(Args.value(a, ++i, arg));
                case "--traces" -> traces = Paths.get(Args.value(a, ++i, arg));
                case "--check-fidelity" -> checkFidelity = true;
                case "--check-quality" -> checkQuality = true;
                default -> {
                    if (arg.startsWith("--") || traces != null) {
                        throw new IllegalArgumentException("unknown argument " + arg);
                    }
                    traces = Paths.get(arg);
                }
            }
        }
        policies = new ArrayList<>(new LinkedHashSet<>(policies)); // a policy named twice runs once
        for (String p : policies) {
            Policies.create(p, Mode.REALISTIC); // fail fast on a bad name
        }
        Map<String, Path> dayDirs = Days.find(traces, days);
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
            ok &= Fidelity.check(all, out);
        }
        Quality.Verdict q = Quality.check(all, out);
        if (checkQuality) {
            ok &= q.met();
        }
        return ok ? 0 : 1;
    }

    static void header(PrintStream out) {
        out.printf(Locale.ROOT, "%-9s %-20s %-14s %9s %8s %8s %10s %10s %10s %6s %8s %9s%n", "day", "mode", "policy",
                "energy", "SLATAH", "PDM", "SLAV", "ESV", "migrations", "boots", "wall ms", "heap MiB");
    }

    static void row(PrintStream out, RunResult r) {
        out.printf(Locale.ROOT, "%-9s %-20s %-14s %9.2f %7.3f%% %7.4f%% %10.3e %10.3e %10d %6d %8.0f %9.0f%n",
                r.workload(), r.mode().id(), r.policy(), r.energyKWh(), 100 * r.slatah(), 100 * r.pdm(), r.slav(),
                r.esv(), r.migrations(), r.boots(), r.wallMillis(), r.peakHeapMiB());
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
            w.println("day,mode,policy,energy_kwh,slatah,pdm,slav,esv,migrations,refused,boots,wall_ms,peak_heap_mib");
            for (RunResult r : runs) {
                w.printf(Locale.ROOT, "%s,%s,%s,%.3f,%.6f,%.8f,%.6e,%.6e,%d,%d,%d,%.1f,%.1f%n", r.workload(),
                        r.mode().id(), r.policy(), r.energyKWh(), r.slatah(), r.pdm(), r.slav(), r.esv(), r.migrations(),
                        r.refused(), r.boots(), r.wallMillis(), r.peakHeapMiB());
            }
        }
    }
}
