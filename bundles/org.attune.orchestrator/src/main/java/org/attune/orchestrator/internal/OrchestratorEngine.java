package org.attune.orchestrator.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.Inventory;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.orchestrator.Mode;
import org.attune.api.orchestrator.Orchestrator;
import org.attune.api.orchestrator.OrchestratorStatus;
import org.attune.api.orchestrator.OrchestratorStatus.PowerActionInfo;
import org.attune.api.orchestrator.PolicyInfo;
import org.attune.api.policy.Plan;
import org.attune.model.validation.Validation;
import org.attune.orchestrator.internal.MergedInventory.DriverEntry;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control loop, free of OSGi so it can run in tests on a virtual clock. It conducts the phases, handing each
 * cycle's {@link CycleContext} from one to the next: {@link MonitorPhase} (inventories, probes, the view),
 * {@link PlanPhase} (the selected policy's plan), {@link ValidatePhase} (the shared plan validator) and
 * {@link ExecutePhase} (migrations, power actions, the pending queue), and serves the operator API. Its parts:
 * {@link LoopControls} (settings, mode, selected policy, cycle number), {@link Plugins} (bindings),
 * {@link LoopScheduler} (a cycle every period) and {@link OperatorMigration} ({@link #migrate}).
 *
 * <p>Drivers, probes and policies come and go at any time (hot swap): a cycle works on what was bound when it
 * started, a policy failure is journaled and the loop goes on, and migrations in flight belong to the drivers, so
 * unbinding a policy or probe never touches them.
 *
 * <p>Locks: cycles and the processing of pending actions run one at a time (the cycle lock); validating and
 * starting actions, by the loop or an operator, happen one at a time against the migrations in flight at that
 * moment (the execution lock, always taken second). Mode and policy are chosen together with a cycle's number
 * ({@link LoopControls#nextCycle()}), so a change journaled with cycle N applies from cycle N + 1 on.
 */
public class OrchestratorEngine implements Orchestrator {

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorEngine.class);

    private final Clock clock;
    private final Journal journal;
    private final ExecutorService workers;
    private final DriversAndProbes sources;
    private final MonitorPhase monitor;
    private final PlanPhase planner;
    private final ValidatePhase validator;
    private final ExecutePhase execution;
    private final PendingQueue pending;
    private final LoopControls controls;
    private final OperatorMigration operatorMigration;
    private final Plugins plugins;
    private final LoopScheduler scheduler;
    private final boolean pendingOnEvents;
    private final ReentrantLock cycleLock = new ReentrantLock();
    private final ReentrantLock executionLock = new ReentrantLock();
    private final AtomicBoolean pendingRequested = new AtomicBoolean();

    private volatile ClusterView lastView = ClusterView.builder().build();
    private volatile Instant lastCycleEnd;
    private volatile Duration lastCycleDuration = Duration.ZERO;
    private volatile List<String> lastErrors = List.of();

    /** An engine whose runtime state lives in memory and whose pending actions follow events. */
    public OrchestratorEngine(OrchestratorSettings settings, Clock clock) {
        this(settings, clock, RuntimeStateStore.memory(), true, ConstraintSource.NONE);
    }

    /**
     * @param stateFile       where mode and policy survive a restart; null to keep them in memory
     * @param pendingOnEvents true: pending actions are validated again on a worker as soon as a migration or power
     *                        action ends; false: only when a cycle starts and on {@link #processPendingActions()}
     */
    public OrchestratorEngine(OrchestratorSettings settings, Clock clock, Path stateFile, boolean pendingOnEvents) {
        this(settings, clock, stateFile == null ? RuntimeStateStore.memory() : RuntimeStateStore.file(stateFile),
                pendingOnEvents, ConstraintSource.NONE);
    }

    /** @param constraints where the placement constraints in force come from */
    OrchestratorEngine(OrchestratorSettings settings, Clock clock, RuntimeStateStore stateStore,
                       boolean pendingOnEvents, ConstraintSource constraints) {
        this.clock = clock;
        this.pendingOnEvents = pendingOnEvents;
        this.journal = new Journal(clock, settings.journalSize());
        PolicyRegistry policies = new PolicyRegistry();
        this.controls = new LoopControls(settings, stateStore, journal, policies);
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "attune-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ProbeRunner probeRunner = new ProbeRunner(workers);
        this.sources = new DriversAndProbes(probeRunner);
        this.monitor = new MonitorPhase(journal, probeRunner, sources, constraints, settings.historySize());
        this.planner = new PlanPhase(journal, policies, () -> controls.state().policy());
        this.validator = new ValidatePhase(journal);
        this.pending = new PendingQueue();
        PowerExecutor power = new PowerExecutor(journal, workers, clock, this::actionEnded);
        Provisioners provisioners = new Provisioners(journal, workers, controls::cycle);
        this.execution = new ExecutePhase(journal, controls::cycle, this::actionEnded, power, provisioners, pending);
        this.operatorMigration = new OperatorMigration(monitor, validator, execution);
        this.plugins = new Plugins(journal, controls::cycle, controls::activePolicy, sources, planner, execution,
                provisioners, power);
        this.scheduler = new LoopScheduler(this::runCycle, () -> controls.settings().period());
    }

    /** Runs cycles every period on a thread of its own until {@link #stop()}. */
    public void start() {
        scheduler.start();
    }

    /** Stops the loop and the workers; migrations in flight go on in their drivers. */
    public void stop() {
        scheduler.stop();
        workers.shutdownNow();
    }

    /**
     * Applies new settings (a configuration change). Mode and policy are runtime state: they change only when the
     * new settings' mode or policy differs from the previous settings' (journaled "(configuration)"); everything
     * else always applies. A changed period reschedules the loop.
     */
    public void updateSettings(OrchestratorSettings next) {
        monitor.historySize(next.historySize());
        journal.resize(next.journalSize());
        controls.configure(next);
        scheduler.periodChanged();
    }

    /** Records a configuration that was refused; the previous settings stay in force. */
    public void rejectSettings(String problem) {
        controls.reject(problem);
    }

    /** The settings in force (mode and policy as last configured; see {@link #mode()} and {@link #activePolicy()}). */
    public OrchestratorSettings settings() {
        return controls.settings();
    }

    RuntimeState runtimeState() {
        return controls.state();
    }

    /** Where drivers, probes, policies, provisioners and power controllers are bound. */
    public Plugins plugins() {
        return plugins;
    }

    @Override
    public void runCycle() {
        cycleLock.lock();
        try {
            cycle();
        } finally {
            cycleLock.unlock();
        }
    }

    private void cycle() {
        // A policy change journaled with cycle N happened after cycle N chose its policy and before cycle N+1 did.
        LoopControls.Snapshot start = controls.nextCycle();
        CycleContext ctx = CycleContext.start(start.cycle(), clock.instant(), start.settings(), start.state().mode(),
                planner.find(start.state().policy()).orElse(null));
        long startNanos = System.nanoTime();
        OrchestratorSettings s = ctx.settings();

        execution.abortExpired(ctx.time(), ctx.cycle());
        ctx = monitor.observe(ctx, execution.state(s, ctx.time()));
        if (mayRunPending(ctx.mode(), ctx.policyName())) {
            // What the previous plan left waiting, against this fresh view, before the policy plans.
            ctx = ctx.withView(resolvePending(ctx.inventory(), ctx.view(), s, ctx.cycle(), ctx.time()));
        }
        lastView = ctx.view();
        ctx = planner.plan(ctx);
        execution.supersede(ctx.cycle());
        int actions = ctx.planned().map(p -> p.actions().size()).orElse(0);
        if (actions > 0 && ctx.mode() == Mode.AUTOMATIC) {
            executionLock.lock();
            try {
                ctx = validator.validate(ctx, MonitorPhase.withExecution(ctx.view(), execution.state(s, ctx.time())));
                execution.execute(ctx);
            } finally {
                executionLock.unlock();
            }
        }
        lastErrors = ctx.errors();
        lastCycleEnd = clock.instant();
        lastCycleDuration = Duration.ofNanos(System.nanoTime() - startNanos);
        journal.add(ctx.cycle(), Kind.CYCLE, ctx.policyName(), "", "", LoopEvents.cycle(ctx.cycle(),
                ctx.inventory().hosts().size(), ctx.inventory().guests().size(), ctx.mode(), ctx.policyName(),
                actions, execution.inFlight(), pending.size(), lastCycleDuration));
    }

    /**
     * Validates the pending actions again, now, against a fresh view: accepted ones start, refused ones are
     * journaled and dropped, the rest keep waiting. Called on a worker when a migration or power action ends (unless
     * the engine was made without that), and by tests and tools that drive the loop themselves; a cycle does it
     * when it starts. Nothing happens outside automatic mode, or when the pending actions belong to a policy that is
     * no longer the selected one (the next cycle drops them).
     */
    public void processPendingActions() {
        cycleLock.lock();
        try {
            if (pending.isEmpty()) {
                return;
            }
            LoopControls.Snapshot current = controls.current();
            OrchestratorSettings s = current.settings();
            RuntimeState rs = current.state();
            long cycle = current.cycle();
            if (!mayRunPending(rs.mode(), planner.find(rs.policy()).map(PolicyRegistry.Entry::name).orElse(""))) {
                return;
            }
            Instant now = clock.instant();
            MergedInventory inventory = monitor.inventory();
            resolvePending(inventory, monitor.view(inventory, now, cycle, execution.state(s, now)), s, cycle, now);
        } finally {
            cycleLock.unlock();
        }
    }

    private boolean mayRunPending(Mode mode, String activePolicy) {
        return mode == Mode.AUTOMATIC && !pending.isEmpty() && pending.initiator().equals(activePolicy);
    }

    /** Validates and applies the pending actions; returns the view with what started. */
    private ClusterView resolvePending(MergedInventory inventory, ClusterView view, OrchestratorSettings s, long cycle,
                                       Instant now) {
        executionLock.lock();
        try {
            ClusterView current = MonitorPhase.withExecution(view, execution.state(s, now));
            Validation validation = validator.revalidate(current, pending.actions(), s, cycle, pending.initiator());
            execution.resolve(validation, inventory, current, s, cycle, now);
            return MonitorPhase.withExecution(current, execution.state(s, now));
        } finally {
            executionLock.unlock();
        }
    }

    /** A migration or power action ended: what waited for it may start now. */
    private void actionEnded() {
        if (!pendingOnEvents || pending.isEmpty() || !pendingRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            workers.execute(() -> {
                pendingRequested.set(false);
                try {
                    processPendingActions();
                } catch (Throwable t) {
                    LOG.error("Processing pending actions failed; the next cycle tries again", t);
                }
            });
        } catch (RejectedExecutionException e) {
            pendingRequested.set(false); // stopping
        }
    }

    @Override
    public OrchestratorStatus status() {
        List<OrchestratorStatus.DriverInfo> infos = new ArrayList<>();
        List<String> errors = new ArrayList<>(lastErrors);
        String rejected = controls.configError();
        if (rejected != null) {
            errors.add(0, rejected);
        }
        for (DriverEntry e : sources.drivers()) {
            Inventory inventory = MergedInventory.inventoryOf(e.driver());
            try {
                var status = e.driver().status();
                infos.add(new OrchestratorStatus.DriverInfo(e.driver().id(), e.type(),
                        inventory == null ? 0 : inventory.hosts().size(),
                        inventory == null ? 0 : inventory.guests().size(), status));
                status.problems().forEach(p -> errors.add("driver " + e.driver().id() + ": " + p));
            } catch (RuntimeException ex) {
                errors.add("driver " + e.driver().id() + ": status failed: " + ex);
            }
        }
        OrchestratorSettings s = controls.settings();
        RuntimeState rs = controls.state();
        return new OrchestratorStatus(rs.mode(), s.period(), controls.cycle(), lastCycleEnd, lastCycleDuration,
                activePolicy(), rs.policy(), infos, sources.probeNames(), execution.inFlight(), errors,
                execution.powerActions(), pending.info());
    }

    /** Power actions a controller is still carrying out. */
    public List<PowerActionInfo> powerActionsInProgress() {
        return execution.powerActions();
    }

    @Override
    public ClusterView view() {
        return lastView;
    }

    @Override
    public ClusterView currentView() {
        OrchestratorSettings s = controls.settings();
        Instant now = clock.instant();
        return monitor.view(monitor.inventory(), now, controls.cycle(), execution.state(s, now));
    }

    @Override
    public Mode mode() {
        return controls.state().mode();
    }

    @Override
    public void setMode(Mode mode) {
        controls.setMode(mode);
    }

    @Override
    public List<PolicyInfo> policies() {
        return planner.infos(activePolicy());
    }

    @Override
    public String activePolicy() {
        return controls.activePolicy();
    }

    @Override
    public void usePolicy(String name) {
        controls.usePolicy(name);
    }

    @Override
    public Plan proposePlan() {
        String selected = controls.state().policy();
        PolicyRegistry.Entry policy = planner.find(selected).orElseThrow(() -> new IllegalStateException(
                "no active policy: '" + selected + "' is not installed; installed: " + KnownNames.of(policies()
                        .stream().map(PolicyInfo::name).toList())));
        return policy.policy().plan(currentView());
    }

    /**
     * Validates an operator's migration with the plan validator (the cooldown does not apply) and starts it.
     *
     * @throws IllegalArgumentException when the guest or host is unknown, or the validator refuses the move
     * @throws IllegalStateException    when the move may not start now: a migration of the guest is in flight, or
     *                                  the validator would make it wait (limits, memory still held, target booting)
     */
    @Override
    public MigrationJob migrate(String guest, String host, MigrationOptions options) throws DriverException {
        executionLock.lock();
        try {
            OrchestratorSettings s = controls.settings();
            Instant now = clock.instant();
            return operatorMigration.start(guest, host, options, s, controls.cycle(), now);
        } finally {
            executionLock.unlock();
        }
    }

    @Override
    public List<JournalEntry> journal(JournalQuery query) {
        String guest = query.guest();
        String guestName = guest == null ? null : lastView.guest(guest).map(Guest::name).orElse(guest);
        return journal.query(e -> (guestName == null || e.guest().equals(guestName))
                && (query.kinds().isEmpty() || query.kinds().contains(e.kind())), query.limit());
    }
}
