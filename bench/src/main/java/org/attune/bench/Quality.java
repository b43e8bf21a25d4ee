package org.attune.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quality targets of an own policy in realistic mode, per day, against the best of the five baselines on each
 * metric in the same run: energy at most the lowest baseline energy, ESV at most half the lowest baseline ESV (when
 * that is 0, ours must be 0 too), migrations at most a quarter of the fewest any baseline made. Also prints, for
 * the migration target, the fewest migrations any policy needs to run as few hosts as the baseline with the lowest
 * energy ({@link RunResult#migrationsToRunAtMost}): when that exceeds the target, energy and migrations cannot both
 * be met.
 */
final class Quality {

    /** ESV ratio to the best baseline. */
    static final double ESV_RATIO = 0.5;
    /** Migrations ratio to the fewest baseline. */
    static final double MIGRATION_RATIO = 0.25;

    record Verdict(boolean met, int checked) {
    }

    private Quality() {
    }

    static Verdict check(List<RunResult> runs, PrintStream out) {
        Map<String, Map<String, RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : runs) {
            if (r.mode() == Mode.REALISTIC) {
                groups.computeIfAbsent(r.workload(), k -> new LinkedHashMap<>()).put(r.policy(), r);
            }
        }
        boolean met = true;
        int checked = 0;
        boolean headed = false;
        for (Map.Entry<String, Map<String, RunResult>> g : groups.entrySet()) {
            Map<String, RunResult> byPolicy = g.getValue();
            RunResult leanest = null;
            double bestEsv = Double.MAX_VALUE;
            int fewest = Integer.MAX_VALUE;
            int baselines = 0;
            for (String b : Policies.BASELINES) {
                RunResult r = byPolicy.get(b);
                if (r != null) {
                    if (leanest == null || r.energyKWh() < leanest.energyKWh()) {
                        leanest = r;
                    }
                    bestEsv = Math.min(bestEsv, r.esv());
                    fewest = Math.min(fewest, r.migrations());
                    baselines++;
                }
            }
            if (baselines < Policies.BASELINES.size()) {
                continue;
            }
            for (String own : OwnPolicies.NAMES) {
                RunResult r = byPolicy.get(own);
                if (r == null) {
                    continue;
                }
                if (!headed) {
                    out.println();
                    out.println("Quality targets, realistic mode (own policy vs the best baseline on each metric, same run):");
                    out.printf(Locale.ROOT, "%-9s %-10s %-30s %-34s %-30s %s%n", "day", "policy", "energy kWh (<= best)",
                            "ESV (<= 0.5 x best)", "migrations (<= 0.25 x fewest)", "fewest migrations to run as few hosts");
                    headed = true;
                }
                boolean energyOk = r.energyKWh() <= leanest.energyKWh();
                boolean esvOk = r.esv() <= ESV_RATIO * bestEsv;
                boolean migrationsOk = r.migrations() <= MIGRATION_RATIO * fewest;
                int bound = r.migrationsToRunAtMost(leanest.fewestActiveHosts());
                met &= energyOk && esvOk && migrationsOk;
                checked++;
                out.printf(Locale.ROOT, "%-9s %-10s %-30s %-34s %-30s %s%n", g.getKey(), own,
                        String.format(Locale.ROOT, "%.2f vs %.2f %s", r.energyKWh(), leanest.energyKWh(), ok(energyOk)),
                        String.format(Locale.ROOT, "%.3e vs %.3e %s", r.esv(), bestEsv, ok(esvOk)),
                        String.format(Locale.ROOT, "%d vs %d (%.2f) %s", r.migrations(), fewest,
                                (double) r.migrations() / fewest, ok(migrationsOk)),
                        String.format(Locale.ROOT, "%d hosts: >= %d (%.2f of fewest)%s", leanest.fewestActiveHosts(),
                                bound, (double) bound / fewest, bound > MIGRATION_RATIO * fewest
                                        ? "; the migration target excludes the energy target" : ""));
            }
        }
        if (checked > 0) {
            out.println(met ? "quality: all targets met" : "quality: some targets MISSED");
        }
        return new Verdict(met && checked > 0, checked);
    }

    private static String ok(boolean ok) {
        return ok ? "ok" : "MISS";
    }
}
