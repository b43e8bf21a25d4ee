package org.attune.bench;

/**
 * The reference experiment of Beloglazov &amp; Buyya as configured in CloudSim 3.0.3's PlanetLab examples: hosts
 * alternate HP ProLiant ML110 G4 and G5 with their SPECpower tables; guests take one of four kinds by block of
 * the (sorted) trace list; 300 s period; migration time = RAM / (bandwidth / 16000).
 */
public final class Reference {

    public static final int HOSTS = 800;
    public static final double PERIOD_S = 300;
    /** Host bandwidth in CloudSim's unit (1 Gbit/s); a migration takes RAM / (BW / 16000) seconds. */
    public static final double HOST_BW = 1_000_000;
    public static final long HOST_RAM_MIB = 4096;
    public static final int HOST_CORES = 2;

    public static final double[] HOST_CORE_MIPS = {1860, 2660};
    public static final String[] HOST_KIND = {"g4", "g5"};
    /** Watts at 0%, 10%, ..., 100% CPU. */
    public static final double[][] HOST_POWER = {
            {86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117},
            {93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135}};

    public static final double[] VM_MIPS = {2500, 2000, 1000, 500};
    public static final long[] VM_RAM_MIB = {870, 1740, 1740, 613};

    private Reference() {
    }

    /** Kind (0 = G4, 1 = G5) of host {@code h}: they alternate. */
    public static int hostKind(int h) {
        return h % 2;
    }

    /** Kind (0..3) of guest {@code i} of {@code n}: four equal blocks, as CloudSim's PlanetLabHelper. */
    public static int vmKind(int i, int n) {
        return i / (int) Math.ceil(n / 4.0);
    }

    /** Seconds to migrate a guest of {@code ramMiB}. */
    public static double migrationSeconds(long ramMiB) {
        return ramMiB / (HOST_BW / 16000);
    }

    /** Power at utilisation {@code u} (0..1), linear between the table's points. */
    public static double watts(double[] table, double u) {
        if (u <= 0) {
            return table[0];
        }
        if (u >= 1) {
            return table[table.length - 1];
        }
        double x = u * (table.length - 1);
        int i = (int) x;
        return table[i] + (table[i + 1] - table[i]) * (x - i);
    }

    /** The power models in the syntax of the policies' {@code powerModels} setting, matched on host names. */
    public static String powerModelsSetting() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < HOST_KIND.length; k++) {
            b.append(k == 0 ? "" : ";").append(HOST_KIND[k]).append("-.*=");
            for (int i = 0; i < HOST_POWER[k].length; i++) {
                b.append(i == 0 ? "" : ",").append(HOST_POWER[k][i]);
            }
        }
        return b.toString();
    }
}
