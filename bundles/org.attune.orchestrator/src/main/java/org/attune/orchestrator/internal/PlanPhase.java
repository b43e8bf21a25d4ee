package org.attune.orchestrator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.Mode;
import org.attune.api.orchestrator.PolicyInfo;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;

/**
 * The plan phase: the bound policies ({@link PolicyRegistry}) and the selected one, asked for a plan once per cycle.
 * A policy that throws (anything, errors included) is journaled and the loop goes on; a plan is journaled as
 * proposed. Binding and unbinding the selected policy is journaled.
 *
 * <p>Thread-safe.
 */
final class PlanPhase {

    private final Journal journal;
    private final PolicyRegistry registry;
    private final Supplier<String> selected;

    /**
     * @param registry the bound policies
     * @param selected the name of the policy the loop is set to run (runtime state)
     */
    PlanPhase(Journal journal, PolicyRegistry registry, Supplier<String> selected) {
        this.journal = journal;
        this.registry = registry;
        this.selected = selected;
    }

    void bind(Policy policy, String name, String bundle, long cycle) {
        PolicyRegistry.Entry e = registry.add(policy, name, bundle);
        if (e.name().equals(selected.get())) {
            journal.add(cycle, Kind.POLICY_CHANGED, e.name(), "", "", ChangeEvents.policyBound(e.name(),
                    bundle == null ? "" : bundle));
        }
    }

    void unbind(Policy policy, long cycle) {
        registry.remove(policy).filter(e -> e.name().equals(selected.get())).ifPresent(e -> journal.add(cycle,
                Kind.POLICY_CHANGED, e.name(), "", "", ChangeEvents.policyGone(e.name(),
                        registry.find(e.name()).isPresent())));
    }

    /** The bound policy of that name (the one bound last). */
    Optional<PolicyRegistry.Entry> find(String name) {
        return registry.find(name);
    }

    List<PolicyInfo> infos(String active) {
        return registry.infos(active);
    }

    /**
     * Asks the cycle's policy for a plan (not in mode off, not without a policy) and journals it; a mode other than
     * automatic journals it as a recommendation.
     */
    CycleContext plan(CycleContext ctx) {
        if (ctx.mode() == Mode.OFF || ctx.policy() == null) {
            return ctx;
        }
        String name = ctx.policyName();
        Plan plan;
        try {
            plan = ctx.policy().policy().plan(ctx.view());
        } catch (Throwable t) {
            // A broken policy must not take the loop down; the journal says what happened.
            JournalEvent event = LoopEvents.policyFailed(name, t.toString());
            journal.add(ctx.cycle(), Kind.ERROR, name, "", "", event);
            return ctx.withPlan(null, List.of(event.message()));
        }
        if (plan == null) {
            plan = Plan.empty(name);
        }
        if (!plan.isEmpty()) {
            journal.add(ctx.cycle(), Kind.PLAN, name, "", "", LoopEvents.plan(ctx.mode() == Mode.RECOMMEND, name,
                    plan.policy(), plan.actions().size(), describe(plan, ctx.view())));
        }
        return ctx.withPlan(plan, List.of());
    }

    /** A plan in a line: each action with its reason, then the notes. */
    static String describe(Plan plan, ClusterView view) {
        List<String> parts = new ArrayList<>();
        for (Action a : plan.actions()) {
            if (a instanceof Action.Migrate m) {
                parts.add("migrate " + view.guest(m.guestId()).map(Guest::name).orElse(m.guestId()) + " "
                        + m.fromHostId() + " -> " + m.toHostId() + " (" + m.reason() + ")");
            } else if (a instanceof Action.PowerOff off) {
                parts.add("power off " + off.hostId() + " (" + off.reason() + ")");
            } else if (a instanceof Action.PowerOn on) {
                parts.add("power on " + on.hostId() + " (" + on.reason() + ")");
            }
        }
        parts.addAll(plan.notes());
        return String.join("; ", parts);
    }
}
