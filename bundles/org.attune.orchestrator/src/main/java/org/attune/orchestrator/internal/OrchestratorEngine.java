package org.attune.orchestrator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.Sample;
import org.attune.api.SubjectType;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.orchestrator.Mode;
import org.attune.api.orchestrator.Orchestrator;
import org.attune.api.orchestrator.OrchestratorStatus;
import org.attune.api.orchestrator.PolicyInfo;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.api.power.PowerController;
import org.attune.api.power.PowerException;
import org.attune.api.probe.Probe;
import org.attune.api.provision.Provisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control loop, free of OSGi so it can run in tests on a virtual clock: each cycle reads the drivers'
 * inventories and the probes' samples, builds a {@link ClusterView}, asks the active policy for a plan and,
 * in automatic mode, executes it through the {@link MigrationExecutor}.
 *
 * <p>Drivers, probes and policies come and go at any time (hot swap): a cycle works on what was bound when
 * it started, a policy failure is journaled and the loop goes on, and migrations in flight belong to the
 * drivers, so unbinding a policy or probe never touches them.
 */
public class OrchestratorEngine implements Orchestrator {

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorEngine.class);

    /** A bound policy and where it came from; later bindings of the same name win. */
    private record PolicyEntry(Policy policy, String name, String bundle, long order) {
    }

    /** A bound driver and its type. */
    private record DriverEntry(HypervisorDriver driver, String type) {
    }

    /** Inventories merged across drivers. */
    private record Merged(List<Host> hosts, List<Guest> guests, Map<String, String> placement,
                          Map<String, HypervisorDriver> driverOfHost) {
    }

    private final Clock clock;
    private final Journal journal;
    private final MigrationExecutor executor;
    private final Map<String, DriverEntry> drivers = new LinkedHashMap<>();
    private final List<Probe> probes = new CopyOnWriteArrayList<>();
    private final List<PolicyEntry> policies = new CopyOnWriteArrayList<>();
    private final List<Provisioner> provisioners = new CopyOnWriteArrayList<>();
    private final List<PowerController> powerControllers = new CopyOnWriteArrayList<>();
    // Host id -> the power action a controller is still carrying out on it: a slow BMC must not get a second
    // request for the same host from the next cycle.
    private final Map<String, String> powerInProgress = new ConcurrentHashMap<>();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong bindOrder = new AtomicLong();
    private final ReentrantLock cycleLock = new ReentrantLock();
    private final ExecutorService workers;

    private volatile Settings settings;
    private volatile MetricsStore store;
    private volatile ClusterView lastView = ClusterView.builder().build();
    private volatile Instant lastCycleEnd;
    private volatile Duration lastCycleDuration = Duration.ZERO;
    private volatile List<String> lastErrors = List.of();
    private volatile String configError;
    private volatile Persister persister = (key, value, sequence) -> { };
    // Numbers the mode/policy commands (guarded by this): a configuration event carrying an older number is the
    // late echo of an earlier command's write and must not undo a newer command.
    private long commandSequence;
    // Mode and policy as the configuration's own source (the etc/ file) last stated them (guarded by this).
    private Mode externalMode;
    private String externalPolicy;

    /** The sequence of a configuration that no command wrote (a file, another Config Admin client). */
    public static final long EXTERNAL = -1;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> loop;

    public OrchestratorEngine(Settings settings, Clock clock) {
        this.settings = settings;
        this.externalMode = settings.mode();
        this.externalPolicy = settings.policy();
        this.clock = clock;
        this.store = new MetricsStore(settings.historySize());
        this.journal = new Journal(clock, settings.journalSize());
        this.executor = new MigrationExecutor(cycles::get, this::migrationEnded);
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "attune-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    // ---- lifecycle ------------------------------------------------------------------------------------

    /** Runs cycles every period on a thread of its own until {@link #stop()}. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attune-loop");
            t.setDaemon(true);
            return t;
        });
        schedule();
    }

    private void schedule() {
        long periodNanos = settings.period().toNanos();
        loop = scheduler.scheduleWithFixedDelay(this::scheduledCycle, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void scheduledCycle() {
        try {
            runCycle();
        } catch (Throwable t) {
            // Nothing may end the loop: a throwable escaping here would cancel every future cycle.
            LOG.error("Attune cycle failed unexpectedly; the loop goes on", t);
        }
    }

    /** Stops the loop; migrations in flight go on in their drivers. */
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        workers.shutdownNow();
    }

    /** Applies new settings; a changed period reschedules the loop. */
    public synchronized void updateSettings(Settings next) {
        updateSettings(next, EXTERNAL);
    }

    /**
     * Applies new settings. Mode and policy may also have been set by commands since, so they follow the
     * configuration only when it really changed them:
     * <ul>
     * <li>{@code sequence} is a command's number (a {@link Persister} wrote it): older than the latest command, it is
     *     the late echo of an earlier write, and mode and policy stay as the newer command set them;</li>
     * <li>{@link #EXTERNAL} (an etc/ file, which may be pushed again unchanged): a mode or policy equal to what that
     *     source said last time is no change and does not undo a command; a different one applies.</li>
     * </ul>
     * Everything else in {@code next} always applies.
     */
    public synchronized void updateSettings(Settings next, long sequence) {
        if (sequence == EXTERNAL) {
            Mode mode = next.mode() == externalMode ? settings.mode() : next.mode();
            String policy = next.policy().equals(externalPolicy) ? settings.policy() : next.policy();
            externalMode = next.mode();
            externalPolicy = next.policy();
            next = next.withMode(mode).withPolicy(policy);
        } else if (sequence < commandSequence) {
            next = next.withMode(settings.mode()).withPolicy(settings.policy());
        }
        Settings previous = settings;
        settings = next;
        configError = null;
        if (previous.historySize() != next.historySize()) {
            // A new capacity starts an empty history: policies see fewer samples for a while, nothing breaks.
            store = new MetricsStore(next.historySize());
        }
        journal.resize(next.journalSize());
        if (previous.mode() != next.mode()) {
            journal.add(cycles.get(), Kind.MODE_CHANGED, activePolicy(), "", "", "mode " + lower(previous.mode())
                    + " -> " + lower(next.mode()) + " (configuration)");
        }
        if (!previous.policy().equals(next.policy())) {
            journal.add(cycles.get(), Kind.POLICY_CHANGED, next.policy(), "", "", "policy " + previous.policy()
                    + " -> " + next.policy() + " (configuration)" + (findPolicy(next.policy()).isEmpty()
                    ? "; not installed, monitoring only until it is" : ""));
        }
        if (scheduler != null && !previous.period().equals(next.period())) {
            loop.cancel(false);
            schedule();
        }
    }

    /** Records a configuration that was refused; the previous settings stay in force. */
    public void rejectSettings(String problem) {
        configError = problem;
        journal.add(cycles.get(), Kind.ERROR, activePolicy(), "", "", problem + "; previous settings kept");
    }

    /** Where {@link #setMode} and {@link #usePolicy} persist their change. */
    public void setPersister(Persister persister) {
        this.persister = persister;
    }

    /** Writes a command's choice where it survives a restart (a configuration). */
    @FunctionalInterface
    public interface Persister {
        /**
         * @param key      {@code mode} or {@code policy}
         * @param value    the new value
         * @param sequence the command's number; hand it back with the resulting settings
         *                 ({@link #updateSettings(Settings, long)}) so that late echoes are recognised
         */
        void persist(String key, String value, long sequence);
    }

    Settings settings() {
        return settings;
    }

    // ---- bindings -------------------------------------------------------------------------------------

    public void addDriver(HypervisorDriver driver, String type) {
        synchronized (drivers) {
            drivers.put(driver.id(), new DriverEntry(driver, type == null ? "" : type));
        }
        journal.add(cycles.get(), Kind.DRIVER_CHANGED, activePolicy(), "", "", "driver " + driver.id() + " (" + type + ") bound");
    }

    public void removeDriver(HypervisorDriver driver) {
        Inventory last = safeInventory(driver);
        synchronized (drivers) {
            drivers.values().removeIf(e -> e.driver() == driver);
        }
        Set<String> guests = last == null ? Set.of() : last.guests().stream().map(Guest::id).collect(Collectors.toSet());
        int dropped = executor.forgetGuests(guests).size();
        journal.add(cycles.get(), Kind.DRIVER_CHANGED, activePolicy(), "", "", "driver " + driver.id() + " unbound"
                + (dropped > 0 ? "; stopped following " + dropped + " migration(s) it owned" : ""));
    }

    public void addProbe(Probe probe) {
        probes.add(probe);
    }

    public void removeProbe(Probe probe) {
        probes.remove(probe);
    }

    public void addPolicy(Policy policy, String name, String bundle) {
        String policyName = name != null && !name.isBlank() ? name : policy.name();
        policies.add(new PolicyEntry(policy, policyName, bundle == null ? "" : bundle, bindOrder.incrementAndGet()));
        if (policyName.equals(settings.policy())) {
            journal.add(cycles.get(), Kind.POLICY_CHANGED, policyName, "", "", "policy " + policyName + " is available"
                    + (bundle == null ? "" : " (bundle " + bundle + ")") + " and active");
        }
    }

    public void removePolicy(Policy policy) {
        PolicyEntry removed = null;
        for (PolicyEntry e : policies) {
            if (e.policy() == policy) {
                removed = e;
            }
        }
        if (removed == null) {
            return;
        }
        policies.remove(removed);
        if (removed.name().equals(settings.policy())) {
            boolean fallback = findPolicy(removed.name()).isPresent();
            journal.add(cycles.get(), Kind.POLICY_CHANGED, removed.name(), "", "", "policy " + removed.name()
                    + " went away" + (fallback ? "; another instance of it remains active"
                    : "; no active policy, monitoring only until it returns"));
        }
    }

    public void addProvisioner(Provisioner provisioner) {
        provisioners.add(provisioner);
    }

    public void removeProvisioner(Provisioner provisioner) {
        provisioners.remove(provisioner);
    }

    public void addPowerController(PowerController controller) {
        powerControllers.add(controller);
    }

    public void removePowerController(PowerController controller) {
        powerControllers.remove(controller);
    }

    private Optional<PolicyEntry> findPolicy(String name) {
        PolicyEntry best = null;
        for (PolicyEntry e : policies) {
            if (e.name().equals(name) && (best == null || e.order() > best.order())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    private List<DriverEntry> driverEntries() {
        synchronized (drivers) {
            return List.copyOf(drivers.values());
        }
    }

    // ---- the cycle ------------------------------------------------------------------------------------

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
        long cycle;
        Settings s;
        Optional<PolicyEntry> policy;
        // A policy change journaled with cycle N happened after cycle N chose its policy and before cycle N+1 did.
        synchronized (this) {
            cycle = cycles.incrementAndGet();
            s = settings;
            policy = findPolicy(s.policy());
        }
        long startNanos = System.nanoTime();
        Instant now = clock.instant();
        String policyName = policy.map(PolicyEntry::name).orElse("");
        List<String> errors = new ArrayList<>();

        Merged merged = merge(errors);
        sampleProbes(now, s, errors, policyName, cycle);
        Set<String> known = new HashSet<>();
        merged.hosts().forEach(h -> known.add(h.id()));
        merged.guests().forEach(g -> known.add(g.id()));
        store.retainSubjects(subject -> subject.type() == SubjectType.TIER || known.contains(subject.id()));

        for (MigrationExecutor.Tracked t : executor.abortExpired(now)) {
            journal.add(cycle, Kind.ACTION_ABORTED, t.initiator(), t.guestName(), t.toHostId(),
                    "aborting migration " + t.fromHostId() + " -> " + t.toHostId() + ": timed out after "
                            + t.timeout().toSeconds() + " s");
        }

        ClusterView view = buildView(merged, now, cycle, s);
        lastView = view;

        int actions = 0;
        if (s.mode() != Mode.OFF && policy.isPresent()) {
            Plan plan = null;
            try {
                plan = policy.get().policy().plan(view);
            } catch (Throwable t) {
                // A broken policy must not take the loop down; the journal says what happened.
                errors.add("policy " + policyName + " failed: " + t);
                journal.add(cycle, Kind.ERROR, policyName, "", "", "policy " + policyName + " failed: " + t);
            }
            if (plan != null && !plan.isEmpty()) {
                actions = plan.actions().size();
                journal.add(cycle, Kind.PLAN, policyName, "", "", (s.mode() == Mode.RECOMMEND ? "recommended: " : "")
                        + (plan.policy().equals(policyName) ? "" : "plan signed " + plan.policy() + ": ")
                        + describe(plan, view));
                if (s.mode() == Mode.AUTOMATIC) {
                    execute(plan, view, merged, s, cycle, policyName, now);
                }
            }
        }
        lastErrors = List.copyOf(errors);
        lastCycleEnd = clock.instant();
        lastCycleDuration = Duration.ofNanos(System.nanoTime() - startNanos);
        journal.add(cycle, Kind.CYCLE, policyName, "", "", String.format(Locale.ROOT,
                "cycle %d: %d hosts, %d guests, mode %s, policy %s, %d action(s), %d in flight, %d ms",
                cycle, merged.hosts().size(), merged.guests().size(), lower(s.mode()),
                policyName.isEmpty() ? "none" : policyName, actions, executor.inFlight().size(),
                lastCycleDuration.toMillis()));
    }

    private Merged merge(List<String> errors) {
        List<Host> hosts = new ArrayList<>();
        List<Guest> guests = new ArrayList<>();
        Map<String, String> placement = new HashMap<>();
        Map<String, HypervisorDriver> driverOfHost = new HashMap<>();
        Map<String, String> driverOfGuest = new HashMap<>();
        for (DriverEntry entry : driverEntries()) {
            HypervisorDriver driver = entry.driver();
            Inventory inventory = safeInventory(driver);
            if (inventory == null) {
                errors.add("driver " + driver.id() + ": inventory failed");
                continue;
            }
            Set<String> ownHosts = new HashSet<>();
            for (Host h : inventory.hosts()) {
                if (driverOfHost.containsKey(h.id())) {
                    errors.add("host " + h.id() + " is reported by drivers " + driverOfHost.get(h.id()).id() + " and "
                            + driver.id() + "; keeping " + driverOfHost.get(h.id()).id());
                    continue;
                }
                driverOfHost.put(h.id(), driver);
                ownHosts.add(h.id());
                hosts.add(h);
            }
            for (Guest g : inventory.guests()) {
                String host = inventory.placement().get(g.id());
                if (driverOfGuest.containsKey(g.id())) {
                    errors.add("guest " + g.name() + " is reported by drivers " + driverOfGuest.get(g.id()) + " and "
                            + driver.id() + "; keeping " + driverOfGuest.get(g.id()));
                    continue;
                }
                if (host == null || !ownHosts.contains(host)) {
                    errors.add("guest " + g.name() + " of driver " + driver.id() + " is on unknown host " + host);
                    continue;
                }
                driverOfGuest.put(g.id(), driver.id());
                guests.add(g);
                placement.put(g.id(), host);
            }
        }
        return new Merged(hosts, guests, placement, driverOfHost);
    }

    private Inventory safeInventory(HypervisorDriver driver) {
        try {
            return driver.inventory();
        } catch (RuntimeException e) {
            LOG.warn("Driver {} failed to report its inventory: {}", driver.id(), e.toString());
            return null;
        }
    }

    private void sampleProbes(Instant now, Settings s, List<String> errors, String policyName, long cycle) {
        for (Probe probe : probes) {
            Future<List<Sample>> future = workers.submit(() -> probe.sample(now));
            try {
                List<Sample> samples = future.get(s.probeTimeout().toNanos(), TimeUnit.NANOSECONDS);
                if (samples != null) {
                    store.recordAll(samples);
                }
            } catch (TimeoutException e) {
                future.cancel(true);
                probeError(probe, "took longer than " + s.probeTimeout().toMillis() + " ms", errors, policyName, cycle);
            } catch (ExecutionException e) {
                probeError(probe, String.valueOf(e.getCause()), errors, policyName, cycle);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                probeError(probe, e.toString(), errors, policyName, cycle);
            }
        }
    }

    private void probeError(Probe probe, String what, List<String> errors, String policyName, long cycle) {
        String message = "probe " + safeName(probe) + ": " + what;
        errors.add(message);
        journal.add(cycle, Kind.PROBE_ERROR, policyName, "", "", message);
    }

    private static String safeName(Probe probe) {
        try {
            return probe.name();
        } catch (RuntimeException e) {
            return probe.getClass().getName();
        }
    }

    private ClusterView buildView(Merged merged, Instant now, long cycle, Settings s) {
        return ClusterView.builder().time(now).cycle(cycle).hosts(merged.hosts()).guests(merged.guests())
                .placement(merged.placement()).metrics(store.snapshot())
                .inFlight(executor.inFlight().stream().map(MigrationExecutor.Tracked::toInFlight).toList())
                .pinned(executor.coolingDown(s)).build();
    }

    // ---- execution ------------------------------------------------------------------------------------

    private void execute(Plan plan, ClusterView view, Merged merged, Settings s, long cycle, String policyName,
                         Instant now) {
        for (Action action : plan.actions()) {
            try {
                if (action instanceof Action.Migrate m) {
                    executeMigrate(m, view, merged, s, cycle, policyName, now);
                } else if (action instanceof Action.PowerOff off) {
                    executePower(off.hostId(), false, off.reason(), view, merged, cycle, policyName);
                } else if (action instanceof Action.PowerOn on) {
                    executePower(on.hostId(), true, on.reason(), view, merged, cycle, policyName);
                }
            } catch (RuntimeException e) {
                journal.add(cycle, Kind.ACTION_FAILED, policyName, "", "", "action " + action + " failed: " + e);
            }
        }
    }

    private void executeMigrate(Action.Migrate m, ClusterView view, Merged merged, Settings s, long cycle,
                                String policyName, Instant now) {
        Optional<Guest> guest = view.guest(m.guestId());
        String guestName = guest.map(Guest::name).orElse(m.guestId());
        String problem = null;
        if (guest.isEmpty()) {
            problem = "unknown guest " + m.guestId();
        } else if (!m.fromHostId().equals(view.hostOf(m.guestId()))) {
            problem = "guest is on " + view.hostOf(m.guestId()) + ", not on " + m.fromHostId();
        } else {
            problem = targetProblem(guest.get(), m.toHostId(), view);
        }
        if (problem == null) {
            problem = executor.refusal(m.guestId(), m.fromHostId(), m.toHostId(), s, true);
        }
        if (problem != null) {
            journal.add(cycle, Kind.ACTION_SKIPPED, policyName, guestName, m.toHostId(), "skipped migration "
                    + m.fromHostId() + " -> " + m.toHostId() + ": " + problem);
            return;
        }
        MigrationOptions options = MigrationOptions.live().withMode(m.mode());
        try {
            startMigration(merged.driverOfHost().get(m.fromHostId()), guest.get(), m.fromHostId(), m.toHostId(),
                    options, s, true, policyName, cycle, now, m.reason());
        } catch (DriverException e) {
            // Already journaled; a policy's action that fails to start does not stop the rest of the plan.
        }
    }

    /** Why a guest cannot go to a host, or null. */
    private static String targetProblem(Guest guest, String targetHostId, ClusterView view) {
        Optional<Host> target = view.host(targetHostId);
        String source = view.hostOf(guest.id());
        if (target.isEmpty()) {
            return "unknown host " + targetHostId;
        }
        if (targetHostId.equals(source)) {
            return "guest " + guest.name() + " is already on " + target.get().name();
        }
        if (!view.sameDriver(source, targetHostId)) {
            return "host " + target.get().name() + " belongs to another driver than host " + source;
        }
        if (!target.get().usable()) {
            return "host " + target.get().name() + " is " + target.get().availability() + "/" + target.get().power()
                    + (target.get().detail().isEmpty() ? "" : " (" + target.get().detail() + ")");
        }
        long free = target.get().memoryMiB() - view.memoryCommitted(targetHostId);
        if (free < guest.memoryMiB()) {
            return "host " + target.get().name() + " has " + free + " MiB free, guest needs " + guest.memoryMiB();
        }
        return null;
    }

    private MigrationJob startMigration(HypervisorDriver driver, Guest guest, String from, String to,
                                        MigrationOptions options, Settings s, boolean byPolicy, String initiator,
                                        long cycle, Instant now, String reason) throws DriverException {
        try {
            MigrationExecutor.Tracked t = executor.start(driver, guest.id(), guest.name(), from, to, options, s,
                    byPolicy, initiator, now);
            journal.add(cycle, Kind.ACTION_STARTED, initiator, guest.name(), to, lower(options.mode()) + " migration "
                    + from + " -> " + to + (reason.isEmpty() ? "" : ": " + reason));
            return t.job();
        } catch (IllegalStateException e) {
            // Refused by the limits or the one-migration-per-guest rule: not started, so not a failure.
            journal.add(cycle, Kind.ACTION_SKIPPED, initiator, guest.name(), to, "migration " + from + " -> " + to
                    + " not started: " + e.getMessage());
            if (!byPolicy) {
                throw e;
            }
            return null;
        } catch (DriverException e) {
            journal.add(cycle, Kind.ACTION_FAILED, initiator, guest.name(), to, "migration " + from + " -> " + to
                    + " did not start: " + e.getMessage());
            if (!byPolicy) {
                throw e;
            }
            return null;
        }
    }

    private void executePower(String hostId, boolean on, String reason, ClusterView view, Merged merged, long cycle,
                              String policyName) {
        String verb = on ? "power on" : "power off";
        HypervisorDriver driver = merged.driverOfHost().get(hostId);
        PowerController controller = powerControllerFor(hostId, on);
        String problem = null;
        if (driver == null) {
            problem = "unknown host " + hostId;
        } else if (!on && (!view.guestsOn(hostId).isEmpty() || executor.involves(hostId))) {
            problem = "host still has guests or migrations";
        } else if (controller != null) {
            powerThrough(controller, hostId, on, reason, cycle, policyName);
            return;
        } else {
            problem = "no power controller " + (on ? "switches" : "can switch off") + " host " + hostId;
        }
        journal.add(cycle, Kind.ACTION_SKIPPED, policyName, "", hostId, "skipped " + verb + ": " + problem);
    }

    /** The first bound controller that can switch the host this way, or null. */
    private PowerController powerControllerFor(String hostId, boolean on) {
        for (PowerController c : powerControllers) {
            try {
                if (on ? c.controls(hostId) : c.canPowerOff(hostId)) {
                    return c;
                }
            } catch (RuntimeException e) {
                LOG.warn("Power controller failed to say whether it controls {}: {}", hostId, e.toString());
            }
        }
        return null;
    }

    /** A controller may block for its timeout (a BMC over the network): never on the loop thread. */
    private void powerThrough(PowerController controller, String hostId, boolean on, String reason, long cycle,
                              String policyName) {
        String verb = on ? "power on" : "power off";
        String name;
        try {
            name = controller.name();
        } catch (RuntimeException e) {
            name = controller.getClass().getName();
        }
        String via = name;
        String running = powerInProgress.putIfAbsent(hostId, verb + " through " + via);
        if (running != null) {
            journal.add(cycle, Kind.ACTION_SKIPPED, policyName, "", hostId, "skipped " + verb + ": " + running
                    + " is still in progress on " + hostId);
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    if (on) {
                        controller.powerOn(hostId);
                    } else {
                        controller.powerOff(hostId);
                    }
                    journal.add(cycle, Kind.ACTION_SUCCEEDED, policyName, "", hostId, verb + " through " + via
                            + (reason.isEmpty() ? "" : ": " + reason));
                } catch (PowerException | RuntimeException e) {
                    journal.add(cycle, Kind.ACTION_FAILED, policyName, "", hostId, verb + " through " + via
                            + " failed: " + e.getMessage());
                } finally {
                    powerInProgress.remove(hostId);
                }
            });
        } catch (RuntimeException e) {
            powerInProgress.remove(hostId);
            throw e;
        }
    }

    /**
     * Hosts whose power action a controller is still carrying out, with that action ("power on through ipmi").
     * Set on the loop thread before the action is handed to a worker, so a caller that ran a cycle sees it at once.
     */
    public Map<String, String> powerActionsInProgress() {
        return Map.copyOf(powerInProgress);
    }

    private void migrationEnded(MigrationExecutor.Tracked t, MigrationResult r) {
        Kind kind = switch (r.outcome()) {
            case SUCCEEDED -> Kind.ACTION_SUCCEEDED;
            case FAILED -> Kind.ACTION_FAILED;
            case ABORTED -> Kind.ACTION_ABORTED;
        };
        String figures = String.format(Locale.ROOT, "%s migration %s -> %s %s in %d ms%s%s%s",
                lower(r.mode()), t.fromHostId(), t.toHostId(), lower(r.outcome()), r.total().toMillis(),
                r.downtime() == null ? "" : ", downtime " + r.downtime().toMillis() + " ms",
                r.bytesTransferred() < 0 ? "" : ", " + (r.bytesTransferred() >> 20) + " MiB sent",
                r.detail().isEmpty() ? "" : ": " + r.detail());
        journal.add(cycles.get(), kind, t.initiator(), t.guestName(), t.toHostId(), figures);
        if (r.succeeded() && !provisioners.isEmpty()) {
            Guest guest = lastView.guest(t.guestId()).orElse(null);
            if (guest != null) {
                notifyProvisioners(guest, t.fromHostId(), t.toHostId());
            }
        }
    }

    private void notifyProvisioners(Guest guest, String from, String to) {
        for (Provisioner p : provisioners) {
            // Provisioners may block; never on the driver thread that completed the migration.
            workers.execute(() -> {
                try {
                    p.migrated(guest, from, to);
                } catch (Exception e) {
                    journal.add(cycles.get(), Kind.ERROR, "", guest.name(), to, "provisioner " + p.name()
                            + " failed after migration: " + e.getMessage());
                }
            });
        }
    }

    // ---- Orchestrator ---------------------------------------------------------------------------------

    @Override
    public OrchestratorStatus status() {
        List<OrchestratorStatus.DriverInfo> infos = new ArrayList<>();
        List<String> errors = new ArrayList<>(lastErrors);
        if (configError != null) {
            errors.add(0, configError);
        }
        for (DriverEntry e : driverEntries()) {
            Inventory inventory = safeInventory(e.driver());
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
        Settings s = settings;
        return new OrchestratorStatus(s.mode(), s.period(), cycles.get(), lastCycleEnd, lastCycleDuration,
                activePolicy(), s.policy(), infos, probes.stream().map(OrchestratorEngine::safeName).toList(),
                executor.inFlight().size(), errors);
    }

    @Override
    public ClusterView view() {
        return lastView;
    }

    @Override
    public ClusterView currentView() {
        return buildView(merge(new ArrayList<>()), clock.instant(), cycles.get(), settings);
    }

    @Override
    public Mode mode() {
        return settings.mode();
    }

    @Override
    public void setMode(Mode mode) {
        Mode previous;
        long sequence;
        synchronized (this) {
            previous = settings.mode();
            settings = settings.withMode(mode);
            sequence = ++commandSequence;
        }
        if (previous != mode) {
            journal.add(cycles.get(), Kind.MODE_CHANGED, activePolicy(), "", "", "mode " + lower(previous) + " -> "
                    + lower(mode) + " (command)");
        }
        persister.persist("mode", lower(mode), sequence);
    }

    @Override
    public List<PolicyInfo> policies() {
        String active = activePolicy();
        Map<String, PolicyEntry> byName = new LinkedHashMap<>();
        for (PolicyEntry e : policies) {
            byName.merge(e.name(), e, (a, b) -> a.order() > b.order() ? a : b);
        }
        return byName.values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                .map(e -> new PolicyInfo(e.name(), e.bundle(), e.name().equals(active))).toList();
    }

    @Override
    public String activePolicy() {
        return findPolicy(settings.policy()).map(PolicyEntry::name).orElse("");
    }

    @Override
    public void usePolicy(String name) {
        if (findPolicy(name).isEmpty()) {
            throw new IllegalArgumentException("unknown policy '" + name + "'; installed: "
                    + (policies.isEmpty() ? "none" : policies().stream().map(PolicyInfo::name).collect(Collectors.joining(", "))));
        }
        String previous;
        long during;
        long sequence;
        synchronized (this) {
            previous = settings.policy();
            settings = settings.withPolicy(name);
            during = cycles.get();
            sequence = ++commandSequence;
        }
        if (!previous.equals(name)) {
            journal.add(during, Kind.POLICY_CHANGED, name, "", "", "policy " + previous + " -> " + name + " (command)");
        }
        persister.persist("policy", name, sequence);
    }

    @Override
    public Plan proposePlan() {
        PolicyEntry policy = findPolicy(settings.policy()).orElseThrow(() -> new IllegalStateException(
                "no active policy: '" + settings.policy() + "' is not installed; installed: "
                        + policies().stream().map(PolicyInfo::name).collect(Collectors.joining(", "))));
        return policy.policy().plan(currentView());
    }

    @Override
    public MigrationJob migrate(String guestRef, String hostRef, MigrationOptions options) throws DriverException {
        Merged merged = merge(new ArrayList<>());
        ClusterView view = buildView(merged, clock.instant(), cycles.get(), settings);
        Guest guest = resolveGuest(view, guestRef);
        Host host = resolveHost(view, hostRef);
        String problem = targetProblem(guest, host.id(), view);
        if (problem != null) {
            throw new IllegalArgumentException("cannot migrate " + guest.name() + " to " + host.name() + ": " + problem);
        }
        String from = view.hostOf(guest.id());
        return startMigration(merged.driverOfHost().get(from), guest, from, host.id(), options, settings, false,
                "operator", 0, clock.instant(), "operator request");
    }

    private static Guest resolveGuest(ClusterView view, String ref) {
        for (Guest g : view.guests()) {
            if (g.name().equals(ref) || g.id().equals(ref)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown guest '" + ref + "'; known guests: "
                + names(view.guests().stream().map(Guest::name).toList()));
    }

    private static Host resolveHost(ClusterView view, String ref) {
        for (Host h : view.hosts()) {
            if (h.name().equals(ref) || h.id().equals(ref)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown host '" + ref + "'; known hosts: "
                + names(view.hosts().stream().map(Host::name).toList()));
    }

    private static String names(Collection<String> names) {
        return names.isEmpty() ? "none" : names.stream().sorted().collect(Collectors.joining(", "));
    }

    @Override
    public List<JournalEntry> journal(JournalQuery query) {
        String guest = query.guest();
        String guestName = guest == null ? null : lastView.guest(guest).map(Guest::name).orElse(guest);
        return journal.query(e -> (guestName == null || e.guest().equals(guestName))
                && (query.kinds().isEmpty() || query.kinds().contains(e.kind())), query.limit());
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static String describe(Plan plan, ClusterView view) {
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

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
