package org.attune.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CloudSim-compatible THR-MMT-0.8 against CloudSim 3.0.3's own figures (file list sorted by name). */
final class Fidelity {

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
    static final double MIGRATION_TOLERANCE = 0.10;

    private Fidelity() {
    }

    /** True when every day with a CloudSim figure is within tolerance (and there is at least one). */
    static boolean check(List<RunResult> runs, PrintStream out) {
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
}
