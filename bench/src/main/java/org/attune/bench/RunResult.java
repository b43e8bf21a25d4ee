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
 */
public record RunResult(String policy, String workload, Mode mode, double energyKWh, double slatah, double pdm,
                        int migrations, int refused, int boots, double wallMillis, double peakHeapMiB, int[] activeHosts,
                        double[] powerWatts, int[] stepMigrations, int[] guestsAlive) {

    public double slav() {
        return slatah * pdm;
    }

    public double esv() {
        return energyKWh * slav();
    }
}
