package org.attune.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quality targets, per day and mode, for each own policy that ran with the baselines: ESV at most half the best
 * baseline's, energy at most LR-MMT-1.2's, migrations at most a quarter of the fewest any baseline made.
 */
final class Quality {

    record Verdict(boolean met, int checked) {
    }

    private Quality() {
    }

    static Verdict check(List<RunResult> runs, PrintStream out) {
        Map<String, Map<String, RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : runs) {
            groups.computeIfAbsent(r.workload() + " " + r.mode().id(), k -> new LinkedHashMap<>()).put(r.policy(), r);
        }
        boolean met = true;
        int checked = 0;
        boolean headed = false;
        for (Map.Entry<String, Map<String, RunResult>> g : groups.entrySet()) {
            Map<String, RunResult> byPolicy = g.getValue();
            RunResult lr = byPolicy.get("lr-mmt-1.2");
            double bestEsv = Double.MAX_VALUE;
            int fewest = Integer.MAX_VALUE;
            int baselines = 0;
            for (String b : Policies.BASELINES) {
                RunResult r = byPolicy.get(b);
                if (r != null) {
                    bestEsv = Math.min(bestEsv, r.esv());
                    fewest = Math.min(fewest, r.migrations());
                    baselines++;
                }
            }
            if (lr == null || baselines < Policies.BASELINES.size()) {
                continue;
            }
            for (String own : OwnPolicies.NAMES) {
                RunResult r = byPolicy.get(own);
                if (r == null) {
                    continue;
                }
                if (!headed) {
                    out.println();
                    out.println("Quality targets (own policy vs all five baselines, same run):");
                    out.printf(Locale.ROOT, "%-30s %-10s %22s %24s %24s%n", "day mode", "policy",
                            "ESV / best baseline", "energy / LR-MMT-1.2", "migrations / fewest");
                    headed = true;
                }
                double esvRatio = r.esv() / bestEsv;
                double energyRatio = r.energyKWh() / lr.energyKWh();
                double migRatio = (double) r.migrations() / fewest;
                boolean ok = esvRatio <= 0.5 && energyRatio <= 1 && migRatio <= 0.25;
                met &= ok;
                checked++;
                out.printf(Locale.ROOT, "%-30s %-10s %15.3f (%s) %17.3f (%s) %17.3f (%s)%n", g.getKey(), own,
                        esvRatio, esvRatio <= 0.5 ? "ok  " : "MISS", energyRatio, energyRatio <= 1 ? "ok  " : "MISS",
                        migRatio, migRatio <= 0.25 ? "ok  " : "MISS");
            }
        }
        if (checked > 0) {
            out.println(met ? "quality: all targets met" : "quality: some targets MISSED");
        }
        return new Verdict(met && checked > 0, checked);
    }
}
