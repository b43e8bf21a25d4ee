package org.attune.testing.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.attune.api.ClusterView;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.model.validation.Limits;
import org.attune.model.validation.PlanValidator;
import org.attune.model.validation.Validation;

/** What policy tests ask of a plan. Failures are {@link AssertionError}s that show the plan. */
public final class Plans {

    private Plans() {
    }

    /** The plan's migrations, in order. */
    public static List<Action.Migrate> migrations(Plan plan) {
        return plan.actions().stream().filter(Action.Migrate.class::isInstance).map(Action.Migrate.class::cast).toList();
    }

    /** The plan's one action, a migration. */
    public static Action.Migrate onlyMigration(Plan plan) {
        if (plan.actions().size() != 1 || !(plan.actions().get(0) instanceof Action.Migrate m)) {
            throw new AssertionError("expected exactly one action, a migration, in " + plan.actions());
        }
        return m;
    }

    /** The hosts the plan powers on, in order. */
    public static List<String> poweredOn(Plan plan) {
        return plan.actions().stream().filter(Action.PowerOn.class::isInstance).map(a -> ((Action.PowerOn) a).hostId())
                .toList();
    }

    /** The hosts the plan powers off, in order. */
    public static List<String> poweredOff(Plan plan) {
        return plan.actions().stream().filter(Action.PowerOff.class::isInstance)
                .map(a -> ((Action.PowerOff) a).hostId()).toList();
    }

    /**
     * Where every guest is once the migrations in flight and the plan's migrations are done.
     *
     * @throws AssertionError when a migration of the plan starts from a host the guest is not on by then
     */
    public static Map<String, String> placementAfter(ClusterView view, Plan plan) {
        Map<String, String> placement = new HashMap<>(view.placement());
        view.inFlight().values().forEach(m -> placement.put(m.guestId(), m.toHostId()));
        for (Action.Migrate m : migrations(plan)) {
            if (!m.fromHostId().equals(placement.get(m.guestId()))) {
                throw new AssertionError("migration " + m + " starts from " + m.fromHostId() + " but " + m.guestId()
                        + " is on " + placement.get(m.guestId()) + " by then; plan " + plan.actions());
            }
            placement.put(m.guestId(), m.toHostId());
        }
        return placement;
    }

    /**
     * The plan, once the orchestrator's validator (no migration limits) has refused none of its steps; steps that
     * must wait (for a boot, for memory an earlier move frees) are fine.
     *
     * @throws AssertionError naming the refused steps and why
     */
    public static Plan requireValid(ClusterView view, Plan plan) {
        List<Validation.Step> refused = new PlanValidator(Limits.NONE).validate(view, plan.actions()).refused();
        if (!refused.isEmpty()) {
            throw new AssertionError("steps refused by the validator: " + refused + " in " + plan.actions());
        }
        return plan;
    }
}
