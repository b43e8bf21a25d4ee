package org.attune.driver.sim;

/**
 * Cluster-wide integrals since the cluster started, including hosts and guests removed since. Work is in
 * MIPS-seconds (MIPS demanded or lost, times simulated seconds).
 *
 * @param simulatedSeconds       simulated time covered
 * @param energyJoules           energy drawn by all hosts
 * @param requestedWork          CPU the guests' workloads asked for, uncapped (what a guest asks beyond its vCPUs
 *                               counts, and is lost)
 * @param lostWork               CPU asked and not delivered: overloaded hosts' shortfall (migration overhead
 *                               included) and what guests asked beyond their vCPUs
 * @param migrationLostWork      CPU migrating guests asked for and did not get (pauses, overload)
 * @param activeHostSeconds      host-seconds of hosts ON with guests on them or coming (the SLA denominator)
 * @param overloadedHostSeconds  host-seconds of active hosts that could not give what was asked (demand above
 *                               capacity, or a guest asking more than its vCPUs)
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
