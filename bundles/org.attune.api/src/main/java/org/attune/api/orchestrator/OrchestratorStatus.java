package org.attune.api.orchestrator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.attune.api.driver.DriverStatus;

/**
 * A snapshot of the orchestrator's state.
 *
 * @param mode               current mode
 * @param period             loop period
 * @param cycles             cycles run so far
 * @param lastCycle          when the last cycle ended, null before the first
 * @param lastCycleDuration  how long the last cycle took
 * @param activePolicy       name of the active policy, "" when none is bound
 * @param configuredPolicy   name of the policy configuration asks for (may not be installed)
 * @param drivers            the bound drivers and their status
 * @param probes             names of the bound probes
 * @param migrationsInFlight migrations started and not yet ended
 * @param errors             recent problems (last cycle's errors, driver problems)
 */
public record OrchestratorStatus(Mode mode, Duration period, long cycles, Instant lastCycle,
                                 Duration lastCycleDuration, String activePolicy, String configuredPolicy,
                                 List<DriverInfo> drivers, List<String> probes, int migrationsInFlight,
                                 List<String> errors) {

    public OrchestratorStatus {
        drivers = List.copyOf(drivers);
        probes = List.copyOf(probes);
        errors = List.copyOf(errors);
    }

    /** A bound driver. */
    public record DriverInfo(String id, String type, int hosts, int guests, DriverStatus status) {
    }
}
