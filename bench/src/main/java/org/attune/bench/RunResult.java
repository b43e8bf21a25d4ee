package org.attune.bench;

/**
 * What one run measured.
 *
 * @param policy         policy name
 * @param workload       workload name (the day)
 * @param mode           model mode
 * @param energyKWh      energy of the hosts (booting and shutting down included)
 * @param slatah         share of active-host time at 100% CPU (allocated &lt; requested)
 * @param pdm            share of requested CPU lost to migrations
 * @param migrations     migrations carried out
 * @param refused        actions refused (by the validator, or by the engine)
 * @param boots          hosts powered on
 * @param wallMillis     wall time of the run
 * @param peakHeapMiB    peak heap in use during the run (all heap pools)
 * @param activeHosts    hosts drawing power at each update
 * @param powerWatts     total power at each update
 * @param stepMigrations migrations started at each update
 * @param guestsAlive    guests alive at each update
 * @param bootGuests     guests on each host the boot placement used, fewest first (the same for every policy)
 */
public record RunResult(String policy, String workload, Mode mode, double energyKWh, double slatah, double pdm,
                        int migrations, int refused, int boots, double wallMillis, double peakHeapMiB, int[] activeHosts,
                        double[] powerWatts, int[] stepMigrations, int[] guestsAlive, int[] bootGuests) {

    /** The fewest hosts drawing power at any update after the first. */
    public int fewestActiveHosts() {
        int min = Integer.MAX_VALUE;
        for (int i = 1; i < activeHosts.length; i++) {
            min = Math.min(min, activeHosts[i]);
        }
        return min == Integer.MAX_VALUE ? 0 : min;
    }

    /**
     * A lower bound on the migrations any policy needs to run no more than {@code hosts} hosts, starting from the boot
     * placement: at least the used hosts beyond {@code hosts} must be emptied, each by moving every guest on it, and
     * the cheapest to empty hold the fewest guests.
     */
    public int migrationsToRunAtMost(int hosts) {
        int toEmpty = bootGuests.length - hosts;
        int sum = 0;
        for (int i = 0; i < toEmpty && i < bootGuests.length; i++) {
            sum += bootGuests[i];
        }
        return Math.max(0, sum);
    }

    public double slav() {
        return slatah * pdm;
    }

    public double esv() {
        return energyKWh * slav();
    }
}
