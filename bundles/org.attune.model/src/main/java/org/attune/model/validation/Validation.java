package org.attune.model.validation;

import java.util.List;
import java.util.Objects;

import org.attune.api.policy.Action;

/**
 * The validator's answer for a plan: one step per action, in the plan's order.
 *
 * @param steps what the validator decided for each action
 */
public record Validation(List<Step> steps) {

    /** What may happen to an action. */
    public enum Verdict {
        /** It may start now. */
        ACCEPTED,
        /** It is sound but has to wait: for a host to boot, for earlier migrations to free memory or to end under
         *  a limit. Its {@link Step#reason()} says what it waits for; validate it again when that changed. */
        DEFERRED,
        /** It must not run; its {@link Step#reason()} says why. */
        REFUSED
    }

    /**
     * One action and its verdict.
     *
     * @param action  the action
     * @param verdict what may happen to it
     * @param reason  why it waits or is refused; null when accepted
     */
    public record Step(Action action, Verdict verdict, Refusal reason) {
        public Step {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(verdict, "verdict");
            if ((verdict == Verdict.ACCEPTED) != (reason == null)) {
                throw new IllegalArgumentException("a step has a reason exactly when it is not accepted");
            }
        }
    }

    public Validation {
        steps = List.copyOf(steps);
    }

    /** The actions that may start now, in order. */
    public List<Action> accepted() {
        return steps.stream().filter(s -> s.verdict() == Verdict.ACCEPTED).map(Step::action).toList();
    }

    /** The steps that wait. */
    public List<Step> deferred() {
        return steps.stream().filter(s -> s.verdict() == Verdict.DEFERRED).toList();
    }

    /** The steps refused. */
    public List<Step> refused() {
        return steps.stream().filter(s -> s.verdict() == Verdict.REFUSED).toList();
    }
}
