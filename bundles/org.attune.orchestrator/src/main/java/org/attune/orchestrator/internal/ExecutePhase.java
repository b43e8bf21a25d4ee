package org.attune.orchestrator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.PowerProfile;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.OrchestratorStatus.PowerActionInfo;
import org.attune.api.policy.Action;
import org.attune.model.validation.Validation;
import org.attune.model.validation.Validation.Step;
import org.attune.orchestrator.internal.PendingQueue.Pending;
import org.attune.orchestrator.standalone.OrchestratorSettings;

/**
 * The execute phase: starts what the validator accepted (migrations through the {@link MigrationExecutor}, power
 * actions through the {@link PowerExecutor}) and keeps what it deferred in a pending queue, in the plan's order.
 * Pending actions are validated again by the caller when a migration or power action ends and when a cycle starts
 * ({@link PendingQueue#actions()}, {@link #resolve}); whatever still waits when the next plan is made is dropped
 * ({@link #supersede}). After a successful migration the {@link Provisioners} are told.
 *
 * <p>Thread-safe.
 */
final class ExecutePhase {

    private final Journal journal;
    private final LongSupplier cycles;
    private final Runnable actionEnded;
    private final MigrationExecutor migrations;
    private final PowerExecutor power;
    private final Provisioners provisioners;
    private final PendingQueue pending;

    /**
     * @param cycles      the current cycle number
     * @param actionEnded told (on a driver thread) whenever a migration ended; the power executor tells it of power
     *                    actions
     */
    ExecutePhase(Journal journal, LongSupplier cycles, Runnable actionEnded, PowerExecutor power,
                 Provisioners provisioners, PendingQueue pending) {
        this.journal = journal;
        this.cycles = cycles;
        this.actionEnded = actionEnded;
        this.migrations = new MigrationExecutor(cycles, this::migrationEnded);
        this.power = power;
        this.provisioners = provisioners;
        this.pending = pending;
    }

    /** Stops following the migrations of these guests (their driver went away); returns how many. */
    int forgetGuests(Set<String> guestIds) {
        return migrations.forgetGuests(guestIds).size();
    }

    /** What is going on now, for views. */
    ExecutionState state(OrchestratorSettings s, Instant now) {
        return new ExecutionState(migrations.inFlight().stream().map(MigrationExecutor.Tracked::toInFlight).toList(),
                migrations.coolingDown(s.cooldownCycles()), power.overlays(now));
    }

    int inFlight() {
        return migrations.inFlight().size();
    }

    List<PowerActionInfo> powerActions() {
        return power.inProgress();
    }

    /** Asks migrations past their timeout to abort. */
    void abortExpired(Instant now, long cycle) {
        migrations.abortExpired(now, t -> journal.add(cycle, Kind.ACTION_ABORTED, t.initiator(), t.guest().name(),
                t.toHostId(), MigrationEvents.timedOut(t.fromHostId(), t.toHostId(), t.job().options().mode(),
                        t.reason(), t.initiator(), t.timeout(), Duration.between(t.started(), now))));
    }

    /** Starts the accepted actions of a validated cycle and queues the deferred ones. */
    void execute(CycleContext ctx) {
        List<Pending> deferred = new ArrayList<>();
        for (Step step : ctx.validation().steps()) {
            switch (step.verdict()) {
                case ACCEPTED -> start(step.action(), ctx.inventory(), ctx.view(), ctx.settings(), ctx.policyName(),
                        ctx.cycle(), ctx.time());
                case DEFERRED -> deferred.add(new Pending(step.action(), ValidatePhase.guestName(step.action(),
                        ctx.view()), ctx.policyName(), ctx.cycle(), step.reason()));
                case REFUSED -> {
                    // journaled by the validate phase; nothing to do
                }
            }
        }
        pending.addAll(deferred);
    }

    /**
     * Applies the verdicts of a new validation of the pending actions (same order): accepted ones start,
     * refused ones are dropped (the validate phase journaled them), the rest keep waiting.
     */
    void resolve(Validation validation, MergedInventory inventory, ClusterView view, OrchestratorSettings s,
                 long cycle, Instant now) {
        List<Pending> before = pending.list();
        List<Step> steps = validation.steps();
        if (steps.size() != before.size()) {
            throw new IllegalStateException("validated " + steps.size() + " of " + before.size() + " pending actions");
        }
        List<Pending> waiting = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Pending p = before.get(i);
            Step step = steps.get(i);
            switch (step.verdict()) {
                case ACCEPTED -> start(p.action(), inventory, view, s, p.initiator(), cycle, now);
                case DEFERRED -> waiting.add(p.stillWaiting(step.reason()));
                case REFUSED -> {
                    // journaled by the validate phase: dropped
                }
            }
        }
        pending.replace(waiting);
    }

    /** Drops whatever still waits: a newer plan (of {@code cycle}) takes its place. */
    void supersede(long cycle) {
        for (Pending p : pending.drain()) {
            journal.add(cycle, Kind.ACTION_SKIPPED, p.initiator(), p.guest(), ValidatePhase.hostOf(p.action()),
                    VerdictEvents.of(p.action(), JournalEvent.SUPERSEDED, p.waitingFor(), p.initiator(), cycle));
        }
    }

    /** Starts an accepted action; a failure to start is journaled. */
    private void start(Action action, MergedInventory inventory, ClusterView view, OrchestratorSettings s,
                       String initiator, long cycle, Instant now) {
        if (action instanceof Action.Migrate m) {
            try {
                startMigration(m, inventory, view, s, initiator, cycle, now, MigrationOptions.live().withMode(m.mode()));
            } catch (DriverException e) {
                // Journaled; an action that fails to start does not stop the rest.
            }
        } else {
            boolean on = action instanceof Action.PowerOn;
            String hostId = ValidatePhase.hostOf(action);
            Host raw = inventory.hosts().stream().filter(h -> h.id().equals(hostId)).findFirst().orElse(null);
            power.request(hostId, on, action.reason(), initiator, cycle, raw == null ? null : raw.power(),
                    settleTime(raw, on, s));
        }
    }

    /**
     * Starts a migration the validator accepted and journals it.
     *
     * @throws DriverException when the driver refuses (journaled)
     */
    MigrationJob startMigration(Action.Migrate m, MergedInventory inventory, ClusterView view, OrchestratorSettings s,
                                String initiator, long cycle, Instant now, MigrationOptions options)
            throws DriverException {
        Guest guest = view.guest(m.guestId()).orElseThrow(() -> new IllegalStateException("unknown guest "
                + m.guestId()));
        try {
            HypervisorDriver driver = inventory.driverOfHost().get(m.fromHostId());
            if (driver == null) {
                throw new DriverException("no driver owns host " + m.fromHostId() + " any more");
            }
            MigrationExecutor.Tracked t = migrations.start(driver, guest, m.fromHostId(), m.toHostId(), options,
                    s.migrationTimeout(), initiator, m.reason(), now);
            journal.add(cycle, Kind.ACTION_STARTED, initiator, guest.name(), m.toHostId(),
                    MigrationEvents.started(m.fromHostId(), m.toHostId(), options.mode(), m.reason(), initiator));
            return t.job();
        } catch (DriverException | RuntimeException e) {
            journal.add(cycle, Kind.ACTION_FAILED, initiator, guest.name(), m.toHostId(),
                    MigrationEvents.notStarted(m.fromHostId(), m.toHostId(), options.mode(), m.reason(), initiator,
                            e.getMessage()));
            if (e instanceof DriverException d) {
                throw d;
            }
            throw new DriverException("migration of " + guest.name() + " did not start: " + e, e);
        }
    }

    /**
     * How long a host is shown switching after its controller succeeded, when its driver has not seen it yet: its
     * boot (or shutdown) time when its profile knows it, and at least three periods.
     */
    private static Duration settleTime(Host host, boolean on, OrchestratorSettings s) {
        Duration floor = s.period().multipliedBy(3);
        if (host == null) {
            return floor;
        }
        PowerProfile p = host.powerProfile();
        Duration own = on ? p.bootTime() : p.shutdownTime();
        return own.compareTo(floor) > 0 ? own : floor;
    }

    private void migrationEnded(MigrationExecutor.Tracked t, MigrationResult r) {
        Kind kind = switch (r.outcome()) {
            case SUCCEEDED -> Kind.ACTION_SUCCEEDED;
            case FAILED -> Kind.ACTION_FAILED;
            case ABORTED -> Kind.ACTION_ABORTED;
        };
        journal.add(cycles.getAsLong(), kind, t.initiator(), t.guest().name(), t.toHostId(),
                MigrationEvents.ended(t.fromHostId(), t.toHostId(), t.reason(), t.initiator(), r));
        if (r.succeeded()) {
            provisioners.migrated(t);
        }
        actionEnded.run();
    }
}
