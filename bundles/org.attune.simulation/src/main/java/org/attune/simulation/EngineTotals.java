package org.attune.simulation;

/**
 * Cluster-wide integrals since the engine started or its totals were last reset. Work is in MIPS-seconds.
 *
 * @param simulatedSeconds      simulated time covered
 * @param energyJoules          energy drawn by all hosts (booting and shutting down included)
 * @param requestedWork         CPU the guests' workloads asked for, uncapped
 * @param lostWork              CPU asked of overloaded hosts and not delivered (migration overhead included)
 * @param migrationLostWork     CPU migrating guests asked for and did not get (degradation, pauses, overload)
 * @param activeHostSeconds     host-seconds of active hosts (SLA denominator)
 * @param overloadedHostSeconds host-seconds of active hosts that could not give what was asked (SLATAH numerator)
 * @param migrationsStarted     migrations started
 * @param migrationsSucceeded   migrations that succeeded
 * @param boots                 hosts powered on
 * @param shutdowns             hosts powered off
 */
public record EngineTotals(double simulatedSeconds, double energyJoules, double requestedWork, double lostWork,
                           double migrationLostWork, double activeHostSeconds, double overloadedHostSeconds,
                           long migrationsStarted, long migrationsSucceeded, long boots, long shutdowns) {

    public double energyKWh() {
        return energyJoules / 3.6e6;
    }

    /** Share of active-host time spent overloaded (CloudSim's SLATAH). */
    public double slatah() {
        return activeHostSeconds > 0 ? overloadedHostSeconds / activeHostSeconds : 0;
    }

    /** Share of requested CPU lost to migrations (CloudSim's PDM). */
    public double pdm() {
        return requestedWork > 0 ? migrationLostWork / requestedWork : 0;
    }
}
