package org.attune.orchestrator.internal;

import java.time.Instant;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.policy.Action;
import org.attune.model.validation.Refusal;
import org.attune.model.validation.Validation.Step;
import org.attune.model.validation.Validation.Verdict;
import org.attune.orchestrator.standalone.OrchestratorSettings;

/**
 * An operator's migration ({@code attune:migrate}): the guest and host named by name or id, checked by the plan
 * validator against a view made now (the cooldown does not apply), and started at once. Nothing of an operator's
 * waits: a move the validator would defer is refused, saying for what.
 */
final class OperatorMigration {

    private final MonitorPhase monitor;
    private final ValidatePhase validator;
    private final ExecutePhase execution;

    OperatorMigration(MonitorPhase monitor, ValidatePhase validator, ExecutePhase execution) {
        this.monitor = monitor;
        this.validator = validator;
        this.execution = execution;
    }

    /**
     * Validates the move and starts it; the caller holds the execution lock.
     *
     * @throws IllegalArgumentException when the guest or host is unknown, or the validator refuses the move
     * @throws IllegalStateException    when the move may not start now: a migration of the guest is in flight, or
     *                                  the validator would make it wait (limits, memory still held, target booting)
     */
    MigrationJob start(String guestRef, String hostRef, MigrationOptions options, OrchestratorSettings s, long cycle,
                       Instant now) throws DriverException {
        MergedInventory inventory = monitor.inventory();
        ClusterView view = monitor.view(inventory, now, cycle, execution.state(s, now));
        Guest guest = guest(view, guestRef);
        Host host = host(view, hostRef);
        Action.Migrate m = new Action.Migrate(guest.id(), view.hostOf(guest.id()), host.id(), options.mode(),
                "operator request");
        Step step = validator.validateRequest(view, m, s, 0);
        if (step.verdict() == Verdict.REFUSED) {
            String message = "cannot migrate " + guest.name() + " to " + host.name() + ": "
                    + step.reason().message();
            throw step.reason().code() == Refusal.Code.IN_FLIGHT ? new IllegalStateException(message)
                    : new IllegalArgumentException(message);
        }
        if (step.verdict() == Verdict.DEFERRED) {
            throw new IllegalStateException("cannot migrate " + guest.name() + " to " + host.name() + " now: "
                    + step.reason().message().replaceFirst("^waits: ", ""));
        }
        return execution.startMigration(m, inventory, view, s, JournalEvent.OPERATOR, 0, now, options);
    }

    private static Guest guest(ClusterView view, String ref) {
        for (Guest g : view.guests()) {
            if (g.name().equals(ref) || g.id().equals(ref)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown guest '" + ref + "'; known guests: "
                + KnownNames.of(view.guests().stream().map(Guest::name).toList()));
    }

    private static Host host(ClusterView view, String ref) {
        for (Host h : view.hosts()) {
            if (h.name().equals(ref) || h.id().equals(ref)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown host '" + ref + "'; known hosts: "
                + KnownNames.of(view.hosts().stream().map(Host::name).toList()));
    }
}
