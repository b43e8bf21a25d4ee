package org.attune.api.policy;

import java.util.List;
import java.util.Objects;

/**
 * What a policy proposes: actions to carry out in order, and notes for humans (e.g. "2 places gained").
 *
 * @param policy  name of the policy that made the plan
 * @param actions ordered actions
 * @param notes   observations that are not actions
 */
public record Plan(String policy, List<Action> actions, List<String> notes) {

    public Plan {
        Objects.requireNonNull(policy, "policy");
        actions = List.copyOf(actions);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public static Plan empty(String policy) {
        return new Plan(policy, List.of(), List.of());
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }
}
