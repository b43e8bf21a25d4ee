package org.attune.orchestrator.internal;

import java.util.List;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.policy.Action;
import org.attune.model.validation.Limits;
import org.attune.model.validation.PlanValidator;
import org.attune.model.validation.Validation;
import org.attune.model.validation.Validation.Step;
import org.attune.model.validation.Validation.Verdict;
import org.attune.orchestrator.standalone.OrchestratorSettings;

/**
 * The validate phase: the one place actions are checked before they run, by the shared {@link PlanValidator} with
 * the migration limits of the settings and the cooldown through the view's pins. Policy plans, pending actions and
 * operator requests all go through it. Every refusal is journaled ({@code ACTION_SKIPPED}) with its code, message
 * and constraint as facts; so is every deferral when the action is first seen.
 *
 * <p>Thread-safe and stateless apart from the journal.
 */
final class ValidatePhase {

    private final Journal journal;

    ValidatePhase(Journal journal) {
        this.journal = journal;
    }

    /**
     * The verdicts on actions, in order, against a view.
     *
     * @param operator an operator's request: the cooldown does not apply (limits, flights, memory, constraints do)
     */
    static Validation validate(ClusterView view, List<Action> actions, OrchestratorSettings s, boolean operator) {
        PlanValidator validator = new PlanValidator(new Limits(s.maxMigrationsPerSource(), s.maxMigrationsPerTarget(),
                s.maxMigrationsTotal()), guestId -> view.inFlight().containsKey(guestId) ? "in flight"
                : "cooling down after its last migration (cooldownCycles=" + s.cooldownCycles() + ")");
        return validator.validate(view, actions, operator);
    }

    /** Validates a cycle's plan against its view (brought up to date by the caller) and journals the verdicts. */
    CycleContext validate(CycleContext ctx, ClusterView current) {
        Validation validation = validate(current, ctx.plan().actions(), ctx.settings(), false);
        journal(validation, ctx.cycle(), ctx.policyName(), current, true);
        return ctx.validated(current, validation);
    }

    /**
     * Validates pending actions again against a fresh view and journals those refused now; those still waiting
     * were journaled when first deferred.
     */
    Validation revalidate(ClusterView view, List<Action> pending, OrchestratorSettings s, long cycle,
                          String initiator) {
        Validation validation = validate(view, pending, s, false);
        journal(validation, cycle, initiator, view, false);
        return validation;
    }

    /** Validates an operator's request and journals it when it may not start now. */
    Step validateRequest(ClusterView view, Action action, OrchestratorSettings s, long cycle) {
        Step step = validate(view, List.of(action), s, true).steps().get(0);
        if (step.verdict() != Verdict.ACCEPTED) {
            // Nothing of an operator's waits: a request that would have to wait is refused, and says for what.
            journalStep(step, JournalEvent.REFUSED, cycle, JournalEvent.OPERATOR, view);
        }
        return step;
    }

    private void journal(Validation validation, long cycle, String initiator, ClusterView view, boolean deferrals) {
        for (Step step : validation.steps()) {
            if (step.verdict() == Verdict.REFUSED) {
                journalStep(step, JournalEvent.REFUSED, cycle, initiator, view);
            } else if (step.verdict() == Verdict.DEFERRED && deferrals) {
                journalStep(step, JournalEvent.DEFERRED, cycle, initiator, view);
            }
        }
    }

    private void journalStep(Step step, String verdict, long cycle, String initiator, ClusterView view) {
        journal.add(cycle, Kind.ACTION_SKIPPED, initiator, guestName(step.action(), view), hostOf(step.action()),
                VerdictEvents.of(step.action(), verdict, step.reason(), initiator, 0));
    }

    /** The name of the guest an action moves, "" for a power action. */
    static String guestName(Action a, ClusterView view) {
        return a instanceof Action.Migrate m ? view.guest(m.guestId()).map(Guest::name).orElse(m.guestId()) : "";
    }

    /** The host an action goes to or switches. */
    static String hostOf(Action a) {
        if (a instanceof Action.Migrate m) {
            return m.toHostId();
        }
        return a instanceof Action.PowerOn on ? on.hostId() : ((Action.PowerOff) a).hostId();
    }
}
