package org.attune.orchestrator.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.attune.api.ClusterView;
import org.attune.api.Host;
import org.attune.api.MigrationInFlight;
import org.attune.api.SubjectType;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.policy.PlacementConstraint;
import org.attune.orchestrator.internal.ExecutionState.PowerOverlay;

/**
 * The monitor phase: merges the drivers' inventories, runs the probes ({@link ProbeRunner}: in parallel, one
 * deadline), records their samples in the {@link MetricsStore}, forgets the series of hosts and guests that are gone
 * and builds the {@link ClusterView}: in-flight migrations, pinned guests (in flight or cooling down), hosts being
 * switched by the orchestrator shown as booting or shutting down, and the constraints in force.
 *
 * <p>Reads the drivers and probes bound at the time ({@link DriversAndProbes}). Thread-safe.
 */
final class MonitorPhase {

    private final Journal journal;
    private final ProbeRunner probeRunner;
    private final DriversAndProbes sources;
    private final ConstraintSource constraints;
    private volatile MetricsStore store;

    MonitorPhase(Journal journal, ProbeRunner probeRunner, DriversAndProbes sources, ConstraintSource constraints,
                 int historySize) {
        this.journal = journal;
        this.probeRunner = probeRunner;
        this.sources = sources;
        this.constraints = constraints;
        this.store = new MetricsStore(historySize);
    }

    /** A new capacity starts an empty history: policies see fewer samples for a while, nothing breaks. */
    void historySize(int capacity) {
        if (store.capacity() != capacity) {
            store = new MetricsStore(capacity);
        }
    }

    /** Observes the cluster for a cycle: inventories, probes (journaling their errors), metrics, the view. */
    CycleContext observe(CycleContext ctx, ExecutionState execution) {
        MergedInventory inventory = inventory();
        List<String> errors = new ArrayList<>(inventory.errors());
        ProbeRunner.Result sampled = probeRunner.sample(sources.probes(), ctx.time(), ctx.settings().probeTimeout());
        MetricsStore metrics = store;
        metrics.recordAll(sampled.samples());
        for (ProbeRunner.Problem p : sampled.problems()) {
            JournalEvent event = LoopEvents.probeError(p.probe(), p.what());
            errors.add(event.message());
            journal.add(ctx.cycle(), Kind.PROBE_ERROR, ctx.policyName(), "", "", event);
        }
        Set<String> known = new HashSet<>();
        inventory.hosts().forEach(h -> known.add(h.id()));
        inventory.guests().forEach(g -> known.add(g.id()));
        metrics.retainSubjects(subject -> subject.type() == SubjectType.TIER || known.contains(subject.id()));
        return ctx.observed(inventory, view(inventory, ctx.time(), ctx.cycle(), execution), errors);
    }

    /** The drivers' inventories merged now. */
    MergedInventory inventory() {
        return MergedInventory.merge(sources.drivers());
    }

    /** A view of an inventory with the metric history as it stands and what the execute phase has going on. */
    ClusterView view(MergedInventory inventory, Instant time, long cycle, ExecutionState execution) {
        ClusterView view = ClusterView.builder().time(time).cycle(cycle).hosts(overlaid(inventory.hosts(), execution))
                .guests(inventory.guests())
                .placement(inventory.placement()).metrics(store.snapshot()).inFlight(execution.inFlight())
                .pinned(pinned(execution)).build();
        List<PlacementConstraint> inForce = constraints.constraints(view);
        return inForce.isEmpty() ? view : view.toBuilder().constraints(inForce).build();
    }

    /**
     * The view brought up to date with what the execute phase has going on now (migrations, pins, power): what
     * validation must see, since actions may have started after the view was built.
     */
    static ClusterView withExecution(ClusterView view, ExecutionState execution) {
        return view.toBuilder().hosts(overlaid(view.hosts(), execution)).inFlight(execution.inFlight())
                .pinned(pinned(execution)).build();
    }

    private static List<Host> overlaid(List<Host> hosts, ExecutionState execution) {
        if (execution.power().isEmpty()) {
            return hosts;
        }
        List<Host> result = new ArrayList<>(hosts.size());
        for (Host h : hosts) {
            PowerOverlay overlay = execution.power().get(h.id());
            result.add(overlay != null && h.power() == overlay.whileReported() ? h.withPower(overlay.shown()) : h);
        }
        return result;
    }

    /** Pinned: in flight or cooling down. */
    private static Set<String> pinned(ExecutionState execution) {
        Set<String> pinned = new HashSet<>(execution.coolingDown());
        for (MigrationInFlight m : execution.inFlight()) {
            pinned.add(m.guestId());
        }
        return pinned;
    }
}
