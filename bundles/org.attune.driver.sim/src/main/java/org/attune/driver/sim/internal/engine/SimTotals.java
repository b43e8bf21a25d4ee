package org.attune.driver.sim.internal.engine;

/**
 * Cluster-wide integrals since the cluster started, including hosts and guests removed since. Work is in
 * MIPS-seconds (MIPS demanded or lost, times simulated seconds).
 *
 * @param simulatedSeconds       simulated time covered
 * @param energyJoules           energy drawn by all hosts
 * @param requestedWork          CPU the guests' workloads asked for (capped by their vCPUs)
 * @param lostWork               CPU demanded from overloaded hosts and not delivered (host shortfall,
 *                               migration overhead included)
 * @param migrationLostWork      CPU the guests' workloads asked for while paused by a migration
 * @param activeHostSeconds      host-seconds spent not OFF
 * @param overloadedHostSeconds  host-seconds spent with demand above capacity
 * @param migrationsStarted      migrations started
 * @param migrationsSucceeded    migrations that succeeded
 */
public record SimTotals(double simulatedSeconds, double energyJoules, double requestedWork, double lostWork,
                        double migrationLostWork, double activeHostSeconds, double overloadedHostSeconds,
                        long migrationsStarted, long migrationsSucceeded) {

    /** Energy in kWh. */
    public double energyKWh() {
        return energyJoules / 3.6e6;
    }
}
