package org.attune.orchestrator.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.attune.api.ClusterView;
import org.attune.api.orchestrator.Mode;
import org.attune.api.policy.Plan;
import org.attune.model.validation.Validation;
import org.attune.orchestrator.standalone.OrchestratorSettings;

/**
 * One cycle's facts, handed from phase to phase: what the cycle started with (number, time, settings, mode, the
 * policy chosen with the number), what the monitor saw, what the policy planned and what the validator decided.
 * Each phase returns a new value with its part added; none reads another phase's fields. Immutable.
 *
 * @param cycle      the cycle's number
 * @param time       when it started (the orchestrator's clock)
 * @param settings   the settings in force for the whole cycle
 * @param mode       the mode in force for the whole cycle
 * @param policy     the policy this cycle runs, null when the selected one is not installed
 * @param inventory  the drivers' merged inventories (monitor)
 * @param view       the view policies see (monitor)
 * @param errors     problems met so far, for the status
 * @param plan       the policy's plan, null when none was made (plan)
 * @param validation the validator's verdicts on the plan, null when not validated (validate)
 */
record CycleContext(long cycle, Instant time, OrchestratorSettings settings, Mode mode, PolicyRegistry.Entry policy,
                    MergedInventory inventory, ClusterView view, List<String> errors, Plan plan,
                    Validation validation) {

    CycleContext {
        errors = List.copyOf(errors);
    }

    static CycleContext start(long cycle, Instant time, OrchestratorSettings settings, Mode mode,
                              PolicyRegistry.Entry policy) {
        return new CycleContext(cycle, time, settings, mode, policy, null, null, List.of(), null, null);
    }

    /** The name of this cycle's policy, "" when none. */
    String policyName() {
        return policy == null ? "" : policy.name();
    }

    Optional<Plan> planned() {
        return Optional.ofNullable(plan);
    }

    CycleContext observed(MergedInventory newInventory, ClusterView newView, List<String> moreErrors) {
        return new CycleContext(cycle, time, settings, mode, policy, newInventory, newView, concat(moreErrors), plan,
                validation);
    }

    CycleContext withView(ClusterView newView) {
        return new CycleContext(cycle, time, settings, mode, policy, inventory, newView, errors, plan, validation);
    }

    CycleContext withPlan(Plan newPlan, List<String> moreErrors) {
        return new CycleContext(cycle, time, settings, mode, policy, inventory, view, concat(moreErrors), newPlan,
                validation);
    }

    CycleContext validated(ClusterView validatedView, Validation newValidation) {
        return new CycleContext(cycle, time, settings, mode, policy, inventory, validatedView, errors, plan,
                newValidation);
    }

    private List<String> concat(List<String> more) {
        if (more.isEmpty()) {
            return errors;
        }
        List<String> all = new ArrayList<>(errors);
        all.addAll(more);
        return all;
    }
}
