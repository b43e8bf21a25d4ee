package org.attune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.attune.policy.forecast.ForecastPolicy;
import org.attune.policy.forecast.ForecastSettings;
import org.attune.simulation.PlanetLabTraces;

/**
 * {@code sensitivity}: how the own policy's results in realistic mode move when one of its settings, or one of the
 * model's stated assumptions (boot time, cooldown), changes, against the best baseline of the same setup. One line
 * per variant and day.
 */
final class SensitivityCommand {

    static final String USAGE = "sensitivity options: TRACES_DIR [--days D1,D2]";

    private SensitivityCommand() {
    }

    static int run(List<String> a, PrintStream out) throws IOException {
        Path traces = null;
        List<String> days = null;
        for (int i = 0; i < a.size(); i++) {
            String arg = a.get(i);
            if (arg.equals("--days")) {
                days = Args.split(Args.value(a, ++i, arg));
            } else if (arg.startsWith("--") || traces != null) {
                throw new IllegalArgumentException("unknown argument " + arg);
            } else {
                traces = Paths.get(arg);
            }
        }
        Map<String, Path> dayDirs = Days.find(traces, days);
        if (dayDirs == null) {
            return 2;
        }
        ForecastSettings d = OwnPolicies.settings().withPowerManagement(true);
        Map<String, ForecastSettings> settings = new LinkedHashMap<>();
        settings.put("defaults", d);
        settings.put("window=6", with(d, "window", 6));
        settings.put("window=24", with(d, "window", 24));
        settings.put("quantile=0.75", with(d, "quantile", 0.75));
        settings.put("quantile=0.99", with(d, "quantile", 0.99));
        settings.put("fill=0.75", with(d, "fill", 0.75));
        settings.put("fill=0.95", with(d, "fill", 0.95));
        settings.put("cold=0.4", with(d, "cold", 0.4));
        settings.put("cold=0.8", with(d, "cold", 0.8));
        settings.put("youngMargin=0", with(d, "youngMargin", 0));
        settings.put("youngMargin=0.1", with(d, "youngMargin", 0.1));
        Setup base = Setup.of(Mode.REALISTIC);
        Map<String, Setup> setups = new LinkedHashMap<>();
        setups.put("boot=60s", base.withBootTime(Duration.ofSeconds(60)));
        setups.put("boot=600s", base.withBootTime(Duration.ofSeconds(600)));
        setups.put("cooldown=0", base.withCooldown(0));
        setups.put("cooldown=10", base.withCooldown(10));

        out.printf(Locale.ROOT, "%-18s %-9s %9s %9s %10s %10s %10s %6s %18s%n", "variant", "day", "energy",
                "best base", "energy/b", "ESV", "best ESV", "migr", "migr/fewest base");
        for (Map.Entry<String, Path> day : dayDirs.entrySet()) {
            PlanetLabTraces.Day w = PlanetLabTraces.readDay(day.getValue(), PlanetLabTraces.DAY_SAMPLES);
            List<RunResult> baselines = baselines(w, base);
            for (Map.Entry<String, ForecastSettings> v : settings.entrySet()) {
                line(out, v.getKey(), new DayRun(w, base).run(new ForecastPolicy(v.getValue())), baselines);
            }
            for (Map.Entry<String, Setup> v : setups.entrySet()) {
                line(out, v.getKey(), new DayRun(w, v.getValue()).run(new ForecastPolicy(d)), baselines(w, v.getValue()));
            }
        }
        return 0;
    }

    private static List<RunResult> baselines(PlanetLabTraces.Day w, Setup setup) {
        List<RunResult> runs = new ArrayList<>();
        for (String b : Policies.BASELINES) {
            runs.add(new DayRun(w, setup).run(Policies.create(b, Mode.REALISTIC)));
        }
        return runs;
    }

    private static void line(PrintStream out, String variant, RunResult r, List<RunResult> baselines) {
        double energy = Double.MAX_VALUE;
        double esv = Double.MAX_VALUE;
        int fewest = Integer.MAX_VALUE;
        for (RunResult b : baselines) {
            energy = Math.min(energy, b.energyKWh());
            esv = Math.min(esv, b.esv());
            fewest = Math.min(fewest, b.migrations());
        }
        out.printf(Locale.ROOT, "%-18s %-9s %9.2f %9.2f %10.4f %10.3e %10.3e %6d %18.3f%n", variant, r.workload(),
                r.energyKWh(), energy, r.energyKWh() / energy, r.esv(), esv, r.migrations(),
                (double) r.migrations() / fewest);
    }

    private static ForecastSettings with(ForecastSettings s, String key, double v) {
        return new ForecastSettings(key.equals("window") ? (int) v : s.window(),
                key.equals("quantile") ? v : s.quantile(), key.equals("fill") ? v : s.fill(),
                key.equals("fill") ? Math.max(s.hot(), v) : s.hot(), key.equals("cold") ? v : s.cold(),
                key.equals("youngMargin") ? v : s.youngMargin(), s.maxEvacuations(), s.powerManagement());
    }
}
