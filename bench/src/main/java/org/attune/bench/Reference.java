package org.attune.bench;

import java.time.Duration;

import org.attune.api.PowerProfile;

/**
 * The reference experiment of Beloglazov &amp; Buyya as configured in CloudSim 3.0.3's PlanetLab examples, and the
 * figures the realistic mode adds: hosts alternate HP ProLiant ML110 G4 and G5 with their SPECpower tables; guests
 * take one of four kinds by block of the (sorted) trace list; 300 s period.
 */
public final class Reference {

    public static final int HOSTS = 800;
    public static final double PERIOD_S = 300;
    /** CloudSim accounts 0.1 s after each period boundary; the bench plans at the same instants. */
    public static final double UPDATE_OFFSET_S = 0.1;
    /** Memory of a reference host. */
    public static final long HOST_RAM_MIB = 4096;
    public static final int HOST_CORES = 2;

    public static final double[] HOST_CORE_MIPS = {1860, 2660};
    public static final String[] HOST_KIND = {"g4", "g5"};
    /** Watts at 0%, 10%, ..., 100% CPU (SPECpower_ssj2008 results of the ML110 G4 and G5). */
    public static final double[][] HOST_POWER = {
            {86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117},
            {93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135}};

    public static final double[] VM_MIPS = {2500, 2000, 1000, 500};
    public static final long[] VM_RAM_MIB = {870, 1740, 1740, 613};

    /**
     * CloudSim's migration rate: a migration takes RAM / (host bandwidth / (2 x 8000)) seconds with a 1 Gbit/s host
     * bandwidth of 1,000,000, i.e. RAM / 62.5 s (9.8-27.8 s for the four kinds): half the link, unshared.
     */
    public static final double CLOUDSIM_MIGRATION_MIBPS = 1_000_000 / 16_000.0;

    /** Realistic mode: a 1 Gbit/s link per host (125 MB/s = 119.2 MiB/s), shared by the migrations using it. */
    public static final double LINK_MIBPS = 125e6 / (1 << 20);

    /**
     * Realistic mode: a host boots in 260 s drawing its maximum power. Not measured on ML110 hardware (we have
     * none); it is the setup time and power Gandhi et al. report for rack servers in "AutoScale" (ACM TOCS 2012),
     * the usual reference for server boot costs. The sensitivity table in the README varies it.
     */
    public static final Duration BOOT_TIME = Duration.ofSeconds(260);

    /** Realistic mode: a shutdown takes 30 s at idle power (assumed; OS shutdown plus power-supply stand-by). */
    public static final Duration SHUTDOWN_TIME = Duration.ofSeconds(30);

    /**
     * Realistic mode: a guest dirties 20 MiB/s of memory at 100 % CPU, in proportion to its utilisation (assumed: the
     * traces carry CPU only; web-server writable working sets of tens of MB/s are the usual order of magnitude).
     * It drives the number of pre-copy rounds and the downtime.
     */
    public static final double DIRTY_MIBPS_AT_FULL_CPU = 20;

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

    /** Seconds CloudSim takes to migrate a guest of {@code ramMiB}. */
    public static double migrationSeconds(long ramMiB) {
        return ramMiB / CLOUDSIM_MIGRATION_MIBPS;
    }

    /** The power profile of a host kind: its SPECpower table, and in realistic mode its boot and shutdown. */
    public static PowerProfile profile(int kind, Mode mode) {
        PowerProfile p = PowerProfile.table(HOST_POWER[kind]);
        return mode == Mode.REALISTIC ? p.withBoot(BOOT_TIME, p.maxWatts()).withShutdown(SHUTDOWN_TIME, p.idleWatts()) : p;
    }

    /** Power at utilisation {@code u} (0..1), linear between the table's points. */
    public static double watts(double[] table, double u) {
        return PowerProfile.table(table).watts(u);
    }
}
