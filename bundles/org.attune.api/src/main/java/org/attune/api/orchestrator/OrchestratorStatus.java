package org.attune.api.orchestrator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
 * @param configuredPolicy   name of the policy the loop is set to run (by configuration or command; it may not be
 *                           installed)
 * @param drivers            the bound drivers and their status
 * @param probes             names of the bound probes
 * @param migrationsInFlight migrations started and not yet ended
 * @param errors             recent problems (last cycle's errors, driver problems)
 * @param powerActions       power actions a controller is still carrying out (since 1.2)
 * @param pendingActions     actions of the last plan that are sound but wait (for a host to boot, memory to be
 *                           freed, a migration limit), in the plan's order (since 1.2)
 */
public record OrchestratorStatus(Mode mode, Duration period, long cycles, Instant lastCycle,
                                 Duration lastCycleDuration, String activePolicy, String configuredPolicy,
                                 List<DriverInfo> drivers, List<String> probes, int migrationsInFlight,
                                 List<String> errors, List<PowerActionInfo> powerActions,
                                 List<PendingActionInfo> pendingActions) {

    public OrchestratorStatus {
        drivers = List.copyOf(drivers);
        probes = List.copyOf(probes);
        errors = List.copyOf(errors);
        powerActions = powerActions == null ? List.of() : List.copyOf(powerActions);
        pendingActions = pendingActions == null ? List.of() : List.copyOf(pendingActions);
    }

    /** A status without power or pending actions (the 1.1 shape). */
    public OrchestratorStatus(Mode mode, Duration period, long cycles, Instant lastCycle, Duration lastCycleDuration,
                              String activePolicy, String configuredPolicy, List<DriverInfo> drivers,
                              List<String> probes, int migrationsInFlight, List<String> errors) {
        this(mode, period, cycles, lastCycle, lastCycleDuration, activePolicy, configuredPolicy, drivers, probes,
                migrationsInFlight, errors, List.of(), List.of());
    }

    /** A bound driver. */
    public record DriverInfo(String id, String type, int hosts, int guests, DriverStatus status) {
    }

    /**
     * A power action a controller is still carrying out (since 1.2).
     *
     * @param hostId     the host
     * @param action     {@code power-on} or {@code power-off} (as {@link JournalEntry.Fact#ACTION})
     * @param controller the controller's name, e.g. {@code ipmi:host1}
     * @param initiator  who asked: a policy name or {@code operator}
     * @param started    when it was handed to the controller
     */
    public record PowerActionInfo(String hostId, String action, String controller, String initiator,
                                  Instant started) {
        public PowerActionInfo {
            Objects.requireNonNull(hostId, "hostId");
            Objects.requireNonNull(action, "action");
            controller = controller == null ? "" : controller;
            initiator = initiator == null ? "" : initiator;
        }
    }

    /**
     * An action the validator deferred: sound, but it waits (since 1.2). It is validated again when a migration or
     * power action ends and when the next cycle starts; it starts once nothing holds it, and is dropped when the
     * next plan is made.
     *
     * @param action     {@code migrate}, {@code power-on} or {@code power-off} (as {@link JournalEntry.Fact#ACTION})
     * @param guest      the guest's name; "" for a power action
     * @param fromHostId the source host of a migration; "" for a power action
     * @param hostId     the target host of a migration, or the host to switch
     * @param waitingFor what holds it, a validator code (as {@link JournalEntry.Fact#REFUSAL}), e.g. {@code BOOTING}
     * @param detail     what holds it, for humans
     * @param initiator  the policy whose plan it belongs to
     * @param cycle      the cycle whose plan it belongs to
     */
    public record PendingActionInfo(String action, String guest, String fromHostId, String hostId, String waitingFor,
                                    String detail, String initiator, long cycle) {
        public PendingActionInfo {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(hostId, "hostId");
            guest = guest == null ? "" : guest;
            fromHostId = fromHostId == null ? "" : fromHostId;
            waitingFor = waitingFor == null ? "" : waitingFor;
            detail = detail == null ? "" : detail;
            initiator = initiator == null ? "" : initiator;
        }
    }
}
