package org.attune.driver.sim.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.locks.ReentrantLock;

import org.attune.api.Availability;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.PowerState;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.DriverStatus;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationMode;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;
import org.attune.driver.sim.GuestReading;
import org.attune.driver.sim.HostReading;
import org.attune.driver.sim.SimReadings;
import org.attune.driver.sim.SimTotals;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.simulation.Durations;
import org.attune.simulation.EngineSettings;
import org.attune.simulation.EngineTotals;
import org.attune.simulation.MigrationRequest;
import org.attune.simulation.SimulatedGuest;
import org.attune.simulation.SimulatedHost;
import org.attune.simulation.SimulationEngine;
import org.attune.simulation.SimulationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cluster as a {@link HypervisorDriver}: a facade over the one simulation engine,
 * {@link SimulationEngine} (physical model), which does all the simulating: CPU sharing, power states and their
 * transitions, energy, migrations and their timing, CPU-time counters. Simulated time moves when {@link #advance()}
 * or {@link #advanceTo(Instant)} is called: the engine goes from event to event up to the clock's time.
 *
 * <p>This class keeps the driver's business: hosts and guests are added under a <em>source</em> (the configuration
 * that defines them, e.g. {@code "guest config org.attune.driver.sim.guest~front"}); a definition that cannot be
 * admitted (bad values, unknown initial host, duplicate name, too large for every host, no room) is kept as a
 * problem listed in {@link #status()} and retried when hosts, guests and migrations come and go. It gives guests
 * their ids, MACs and UUIDs, publishes the {@link Inventory} and status, hands out {@link MigrationJob}s and reads
 * the engine for {@link SimProbe}.
 *
 * <p><b>Threading:</b> one lock guards the engine and the definitions; {@link #inventory()}, {@link #status()} and a
 * job's progress read published snapshots and never wait for it. Migration results complete outside the lock, once
 * the call that ended them has let go of it.
 */
public final class SimCluster implements HypervisorDriver {

    /** Value of the {@link HypervisorDriver#TYPE} service property. */
    public static final String TYPE = "sim";
    public static final String DEFAULT_ID = "sim";
    public static final Duration DEFAULT_MAX_STEP = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(SimCluster.class);

    /** A host in the engine. */
    private record HostEntry(String source, HostSpec spec, int handle) {
        String id() {
            return spec.name();
        }
    }

    /** A guest in the engine. */
    private record GuestEntry(String source, GuestSpec spec, int handle) {
        String id() {
            return spec.id();
        }
    }

    private final String id;
    private final Clock clock;
    private final Instant start;
    private final ReentrantLock lock = new ReentrantLock();
    private final ProblemBoard problems;

    // Guarded by lock.
    private final SimulationEngine engine;
    private final Map<String, HostEntry> hostsById = new LinkedHashMap<>();
    private final Map<String, HostEntry> hostsBySource = new HashMap<>();
    private final Map<Integer, HostEntry> hostsByHandle = new HashMap<>();
    private final Map<String, GuestEntry> guestsById = new LinkedHashMap<>();
    private final Map<String, GuestEntry> guestsByName = new HashMap<>();
    private final Map<String, GuestEntry> guestsBySource = new HashMap<>();
    private final Map<Integer, GuestEntry> guestsByHandle = new HashMap<>();
    private final Map<String, HostSpec> pendingHosts = new LinkedHashMap<>();
    private final Map<String, GuestSpec> pendingGuests = new LinkedHashMap<>();
    /** Migrations in progress, by the engine's handle. */
    private final Map<Integer, SimMigrationJob> jobs = new LinkedHashMap<>();
    /** Jobs that ended and are to complete once the lock is released. */
    private final List<SimMigrationJob> ended = new ArrayList<>();
    private boolean inventoryChanged = true;
    private boolean reconcileNeeded;
    private double problemGrace;
    /** While a host is being removed: the detail of the migrations its removal fails. */
    private String removal;

    private volatile boolean abortPending;
    private volatile Inventory inventory;
    private volatile String detail = "";

    /** A cluster with the default id {@code sim} and 1 s steps. */
    public SimCluster(Clock clock) {
        this(DEFAULT_ID, clock, DEFAULT_MAX_STEP);
    }

    /**
     * @param id      the driver id hosts report
     * @param clock   the clock {@link #advance()} follows; simulated time starts at {@code clock.instant()}
     * @param maxStep longest time between two samples of a workload that changes continuously (sine, ramp, points);
     *                piecewise-constant workloads are sampled exactly when they change
     */
    public SimCluster(String id, Clock clock, Duration maxStep) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("driver id must not be blank");
        }
        if (maxStep.isNegative() || maxStep.isZero()) {
            throw new IllegalArgumentException("maxStep must be positive, was " + maxStep);
        }
        this.id = id;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.start = clock.instant();
        this.engine = new SimulationEngine(EngineSettings.physical().withMaxStep(Durations.seconds(maxStep)));
        // The engine calls back while this cluster holds the lock, during a call it made: only bookkeeping here.
        engine.setListener(new SimulationEngine.Listener() {
            @Override
            public void migrationEnded(SimulationEngine.MigrationEnd end) {
                onMigrationEnded(end);
            }

            @Override
            public void powerChanged(int host, PowerState state) {
                onPowerChanged(host, state);
            }
        });
        this.problems = new ProblemBoard(LOG::warn, LOG::info);
        this.inventory = Inventory.empty(id);
        publishDetail();
    }

    // ---------------------------------------------------------------- definitions

    /** Adds a host defined in code; its source is {@code "host <name>"}. */
    public void addHost(HostSpec spec) {
        addHost("host " + spec.name(), spec);
    }

    /** Adds (or, for a known source, replaces) a host. A duplicate name becomes a problem of this source. */
    public void addHost(String source, HostSpec spec) {
        List<SimMigrationJob> done;
        lock.lock();
        try {
            removeLocked(source);
            pendingHosts.put(source, spec);
            reconcile();
            done = afterChange();
        } finally {
            lock.unlock();
        }
        complete(done);
    }

    /** Adds a guest defined in code; its source is {@code "guest <name>"}. */
    public void addGuest(GuestSpec spec) {
        addGuest("guest " + spec.name(), spec);
    }

    /**
     * Adds (or, for a known source, replaces) a guest on its initial host. When it cannot be admitted now (unknown
     * host, duplicate name, too large, no room...) it waits as a problem of this source and is retried on every change.
     */
    public void addGuest(String source, GuestSpec spec) {
        List<SimMigrationJob> done;
        lock.lock();
        try {
            removeLocked(source);
            pendingGuests.put(source, spec);
            reconcile();
            done = afterChange();
        } finally {
            lock.unlock();
        }
        complete(done);
    }

    /** Records that the definition from {@code source} is invalid; whatever it defined before is removed. */
    public void reject(String source, String problem) {
        List<SimMigrationJob> done;
        lock.lock();
        try {
            removeLocked(source);
            problems.report(source, problem, false, engine.now(), problemGrace);
            reconcile();
            done = afterChange();
        } finally {
            lock.unlock();
        }
        complete(done);
    }

    /**
     * Removes what {@code source} defined: a host (its guests wait for it again, its migrations fail), a guest
     * (its migration fails), or a problem.
     */
    public void remove(String source) {
        List<SimMigrationJob> done;
        lock.lock();
        try {
            removeLocked(source);
            problems.clear(source, source + ": removed");
            reconcile();
            done = afterChange();
        } finally {
            lock.unlock();
        }
        complete(done);
    }

    /**
     * How long (simulated) a guest may wait for its host before that is logged as a problem; at start-up
     * configurations arrive in any order. 0 (the default) logs at once.
     */
    public void setProblemGrace(Duration grace) {
        lock.lock();
        try {
            problemGrace = Durations.seconds(grace);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes out what {@code source} defined. Its problem stays: a replacement reports its own (logged only if it
     * differs) or clears it when admitted; {@link #remove} clears it.
     */
    private void removeLocked(String source) {
        pendingHosts.remove(source);
        pendingGuests.remove(source);
        HostEntry h = hostsBySource.remove(source);
        if (h != null) {
            // Every migration this removal fails, from or to the host, says so.
            removal = "host " + h.id() + " was removed";
            try {
                // Its guests go back to waiting for a host; they come back when it does.
                for (Iterator<GuestEntry> it = guestsById.values().iterator(); it.hasNext();) {
                    GuestEntry g = it.next();
                    if (engine.hostOf(g.handle()) == h.handle()) {
                        engine.removeGuest(g.handle());
                        it.remove();
                        forgetGuest(g);
                        pendingGuests.put(g.source(), g.spec());
                    }
                }
                engine.removeHost(h.handle());
            } finally {
                removal = null;
            }
            hostsById.remove(h.id());
            hostsByHandle.remove(h.handle());
            inventoryChanged = true;
            LOG.info("Driver {}: host {} removed", id, h.id());
        }
        GuestEntry g = guestsBySource.get(source);
        if (g != null) {
            engine.removeGuest(g.handle());
            guestsById.remove(g.id());
            forgetGuest(g);
            inventoryChanged = true;
            LOG.info("Driver {}: guest {} removed", id, g.spec().name());
        }
    }

    private void forgetGuest(GuestEntry g) {
        guestsByName.remove(g.spec().name());
        guestsBySource.remove(g.source());
        guestsByHandle.remove(g.handle());
    }

    /** Admits whatever pending definition can be admitted now. */
    private void reconcile() {
        reconcileNeeded = false;
        for (Iterator<Map.Entry<String, HostSpec>> it = pendingHosts.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, HostSpec> e = it.next();
            String source = e.getKey();
            HostSpec spec = e.getValue();
            HostEntry other = hostsById.get(spec.name());
            if (other != null) {
                problems.report(source, source + ": host name '" + spec.name() + "' is already used by "
                        + other.source(), false, engine.now(), problemGrace);
                continue;
            }
            HostEntry h = new HostEntry(source, spec, engine.addHost(new SimulatedHost(spec.name(), spec.cpus(),
                    spec.coreMips(), spec.memoryMiB(), spec.bandwidthMiBps(), spec.powerProfile(), spec.poweredOn())));
            hostsById.put(h.id(), h);
            hostsBySource.put(source, h);
            hostsByHandle.put(h.handle(), h);
            it.remove();
            problems.clear(source, source + ": host " + h.id() + " admitted");
            inventoryChanged = true;
            LOG.info("Driver {}: host {} added ({} cpus x {} MIPS, {} MiB, {}, power {})", id, h.id(), spec.cpus(),
                    spec.coreMips(), spec.memoryMiB(), engine.power(h.handle()), spec.powerProfile());
        }
        for (Iterator<Map.Entry<String, GuestSpec>> it = pendingGuests.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, GuestSpec> e = it.next();
            if (admitGuest(e.getKey(), e.getValue())) {
                it.remove();
            }
        }
    }

    private boolean admitGuest(String source, GuestSpec spec) {
        String name = spec.name();
        GuestEntry same = guestsByName.get(name);
        if (same != null) {
            return refuse(source, "guest name '" + name + "' is already used by " + same.source(), false);
        }
        same = guestsById.get(spec.id());
        if (same != null) {
            return refuse(source, "uuid " + spec.id() + " is already used by guest '" + same.spec().name() + "' ("
                    + same.source() + ")", false);
        }
        for (GuestEntry g : guestsById.values()) {
            if (g.spec().mac().equals(spec.mac())) {
                return refuse(source, "mac " + spec.mac() + " is already used by guest '" + g.spec().name() + "' ("
                        + g.source() + ")", false);
            }
        }
        HostEntry h = hostsById.get(spec.host());
        if (h == null) {
            return refuse(source, "initial host '" + spec.host() + "' is unknown (known hosts: " + hostNames()
                    + "); the guest waits for it", true);
        }
        boolean fitsSomewhere = false;
        for (HostEntry candidate : hostsById.values()) {
            fitsSomewhere |= candidate.spec().cpus() >= spec.vcpus() && candidate.spec().memoryMiB() >= spec.memoryMiB();
        }
        if (!fitsSomewhere) {
            return refuse(source, "guest '" + name + "' (" + spec.vcpus() + " vCPUs, " + spec.memoryMiB()
                    + " MiB) is larger than every host (" + hostSizes() + ")", true);
        }
        HostSpec hs = h.spec();
        if (hs.cpus() < spec.vcpus() || hs.memoryMiB() < spec.memoryMiB()) {
            return refuse(source, "guest '" + name + "' (" + spec.vcpus() + " vCPUs, " + spec.memoryMiB()
                    + " MiB) does not fit its initial host " + h.id() + " (" + hs.cpus() + " cpus, "
                    + hs.memoryMiB() + " MiB)", false);
        }
        PowerState power = engine.power(h.handle());
        if (power != PowerState.ON) {
            return refuse(source, "initial host " + h.id() + " is " + power + "; the guest waits for it to be ON",
                    false);
        }
        long free = hs.memoryMiB() - engine.memoryCommitted(h.handle());
        if (spec.memoryMiB() > free) {
            return refuse(source, "guest '" + name + "' (" + spec.memoryMiB() + " MiB) does not fit the memory free on "
                    + "its initial host " + h.id() + " (" + Math.max(0, free) + " of " + hs.memoryMiB()
                    + " MiB free); the guest waits for room", false);
        }
        int handle;
        try {
            handle = engine.addGuest(new SimulatedGuest(name, spec.vcpus(), spec.memoryMiB(), spec.dirtyRateMiBps(), 0,
                    spec.workload()), h.handle());
        } catch (SimulationException e) {
            return refuse(source, e.getMessage(), false);
        }
        GuestEntry g = new GuestEntry(source, spec, handle);
        guestsById.put(g.id(), g);
        guestsByName.put(name, g);
        guestsBySource.put(source, g);
        guestsByHandle.put(handle, g);
        problems.clear(source, source + ": guest " + name + " admitted on " + h.id());
        inventoryChanged = true;
        LOG.info("Driver {}: guest {} ({}) added on {} with workload {}", id, name, g.id(), h.id(), spec.workload());
        return true;
    }

    private boolean refuse(String source, String what, boolean waiting) {
        problems.report(source, source + ": " + what, waiting, engine.now(), problemGrace);
        return false;
    }

    private String hostNames() {
        StringJoiner j = new StringJoiner(", ");
        j.setEmptyValue("none");
        hostsById.keySet().forEach(j::add);
        return j.toString();
    }

    private String hostSizes() {
        int cpus = 0;
        long memory = 0;
        for (HostEntry h : hostsById.values()) {
            cpus = Math.max(cpus, h.spec().cpus());
            memory = Math.max(memory, h.spec().memoryMiB());
        }
        return hostsById.isEmpty() ? "there are none" : "at most " + cpus + " cpus, " + memory + " MiB";
    }

    // ---------------------------------------------------------------- simulation

    /** Advances the engine to the clock's current time. */
    public void advance() {
        advanceTo(clock.instant());
    }

    /**
     * Advances the engine to {@code time} (seconds since this cluster's start), event by event; does nothing when
     * {@code time} is not after the engine's time. Migration results that end meanwhile complete before this returns.
     */
    public void advanceTo(Instant time) {
        double target = Durations.seconds(Duration.between(start, time));
        List<SimMigrationJob> done;
        lock.lock();
        try {
            if (abortPending) {
                processAborts();
            }
            while (engine.step(target)) {
                // Between two events: a guest waiting for its host starts the instant the host is ON, an abort
                // asked for meanwhile takes effect, and jobs show the round they are in.
                if (reconcileNeeded) {
                    reconcile();
                }
                if (abortPending) {
                    processAborts();
                }
                publishProgress();
            }
            publishProgress();
            problems.tick(engine.now(), problemGrace);
            if (reconcileNeeded) {
                reconcile();
            }
            done = afterChange();
        } finally {
            lock.unlock();
        }
        complete(done);
    }

    private void publishProgress() {
        for (SimMigrationJob job : jobs.values()) {
            SimulationEngine.MigrationProgress p = engine.progress(job.migration);
            if (p != null) {
                job.publish(p);
            }
        }
    }

    /** The engine's listener: a migration ended. Bookkeeping only: the engine must not be called from here. */
    private void onMigrationEnded(SimulationEngine.MigrationEnd end) {
        SimMigrationJob job = jobs.remove(end.migration());
        if (job == null) {
            return;
        }
        String why = removal != null && end.outcome() == MigrationResult.Outcome.FAILED ? removal : end.detail();
        MigrationResult r = job.finish(end, why);
        ended.add(job);
        inventoryChanged = true;
        // Memory came free on one of the hosts: a guest waiting for room may fit now.
        reconcileNeeded = true;
        GuestEntry g = guestsByHandle.get(end.guest());
        LOG.info("Driver {}: migration of {} from {} to {} {} after {} (downtime {})", id,
                g != null ? g.spec().name() : r.guestId(), r.sourceHostId(), r.targetHostId(),
                r.outcome().name().toLowerCase(Locale.ROOT), r.total(), r.downtime());
    }

    /** The engine's listener: a host finished booting or shutting down. */
    private void onPowerChanged(int handle, PowerState state) {
        inventoryChanged = true;
        reconcileNeeded = true;
        HostEntry h = hostsByHandle.get(handle);
        LOG.info("Driver {}: host {} is {}", id, h != null ? h.id() : "#" + handle, state);
    }

    /** Called by a job's {@code abort}: handled now if the lock is free, else by the advance holding it. Never blocks. */
    void abortRequested() {
        abortPending = true;
        if (lock.tryLock()) {
            List<SimMigrationJob> done;
            try {
                processAborts();
                done = afterChange();
            } finally {
                lock.unlock();
            }
            complete(done);
        }
    }

    private void processAborts() {
        abortPending = false;
        for (SimMigrationJob job : new ArrayList<>(jobs.values())) {
            String reason = job.abortReason();
            if (reason != null) {
                engine.abort(job.migration, reason);
            }
        }
    }

    /** Publishes snapshots and hands back the jobs to complete once the lock is released. Call under the lock. */
    private List<SimMigrationJob> afterChange() {
        if (inventoryChanged) {
            inventory = buildInventory();
            inventoryChanged = false;
        }
        publishDetail();
        if (ended.isEmpty()) {
            return List.of();
        }
        List<SimMigrationJob> done = new ArrayList<>(ended);
        ended.clear();
        return done;
    }

    private static void complete(List<SimMigrationJob> done) {
        for (SimMigrationJob job : done) {
            job.complete();
        }
    }

    private Inventory buildInventory() {
        List<Host> hostList = new ArrayList<>(hostsById.size());
        for (HostEntry h : hostsById.values()) {
            PowerState power = engine.power(h.handle());
            String hostDetail = switch (power) {
                case BOOTING -> "booting";
                case SHUTTING_DOWN -> "shutting down";
                case OFF -> "powered off";
                default -> "";
            };
            HostSpec s = h.spec();
            hostList.add(new Host(h.id(), h.id(), id, s.capacity(), s.cpus(), s.memoryMiB(), power,
                    Availability.ONLINE, hostDetail, s.powerProfile()));
        }
        List<Guest> guestList = new ArrayList<>(guestsById.size());
        Map<String, String> placement = new HashMap<>(guestsById.size() * 2);
        for (GuestEntry g : guestsById.values()) {
            GuestSpec s = g.spec();
            guestList.add(new Guest(g.id(), s.name(), s.vcpus(), s.memoryMiB(), s.mac(), s.tier(), s.labels(), state(g)));
            placement.put(g.id(), hostOf(g).id());
        }
        return new Inventory(id, hostList, guestList, placement);
    }

    private HostEntry hostOf(GuestEntry g) {
        return hostsByHandle.get(engine.hostOf(g.handle()));
    }

    private GuestState state(GuestEntry g) {
        if (engine.stopped(g.handle())) {
            return GuestState.STOPPED;
        }
        SimMigrationJob job = jobs.get(engine.migrationOf(g.handle()));
        if (job != null) {
            return job.options().mode() == MigrationMode.REGULAR ? GuestState.PAUSED : GuestState.MIGRATING;
        }
        return GuestState.RUNNING;
    }

    private void publishDetail() {
        detail = "simulated cluster: " + hostsById.size() + " hosts, " + guestsById.size() + " guests, "
                + jobs.size() + " migrations, simulated time +"
                + Durations.format(Math.rint(engine.now() * 1000) / 1000);
    }

    // ---------------------------------------------------------------- HypervisorDriver

    @Override
    public String id() {
        return id;
    }

    @Override
    public DriverStatus status() {
        return new DriverStatus(Availability.ONLINE, detail, problems.messages());
    }

    @Override
    public Inventory inventory() {
        return inventory;
    }

    /**
     * Starts a migration; {@code guestId} may also be the guest's name. Its result completes when the engine's
     * simulated time passes its end. {@code options.bandwidthMiBps()} caps the migration's share of the hosts' links.
     */
    @Override
    public MigrationJob migrate(String guestId, String targetHostId, MigrationOptions options) throws DriverException {
        Objects.requireNonNull(options, "options");
        List<SimMigrationJob> done;
        SimMigrationJob job;
        lock.lock();
        try {
            GuestEntry g = guest(guestId);
            HostEntry target = host(targetHostId);
            HostEntry source = hostOf(g);
            int migration;
            try {
                migration = engine.migrate(g.handle(), target.handle(), request(options));
            } catch (SimulationException | IllegalArgumentException e) {
                throw new DriverException(e.getMessage(), e);
            }
            job = new SimMigrationJob(this, migration, g.id(), source.id(), target.id(), options,
                    start.plus(Durations.ofSeconds(engine.now())));
            jobs.put(migration, job);
            job.publish(engine.progress(migration));
            inventoryChanged = true;
            LOG.info("Driver {}: {} migration of {} from {} to {} started", id, options.mode(), g.spec().name(),
                    source.id(), target.id());
            done = afterChange();
        } finally {
            lock.unlock();
        }
        complete(done);
        return job;
    }

    private static MigrationRequest request(MigrationOptions o) {
        return new MigrationRequest(o.mode() == MigrationMode.LIVE, o.bandwidthMiBps(),
                o.maxDowntime() == null ? Double.NaN : Durations.seconds(o.maxDowntime()), o.autoConverge(),
                o.postCopy());
    }

    @Override
    public void startGuest(String guestId) throws DriverException {
        lock.lock();
        try {
            GuestEntry g = guest(guestId);
            if (engine.stopped(g.handle())) {
                engine.startGuest(g.handle());
                inventoryChanged = true;
                afterChange();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stopGuest(String guestId) throws DriverException {
        lock.lock();
        try {
            GuestEntry g = guest(guestId);
            if (!engine.stopped(g.handle())) {
                try {
                    engine.stopGuest(g.handle());
                } catch (SimulationException e) {
                    throw new DriverException(e.getMessage(), e);
                }
                inventoryChanged = true;
                afterChange();
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean supportsPowerControl(String hostId) {
        for (Host h : inventory.hosts()) {
            if (h.id().equals(hostId)) {
                return true;
            }
        }
        return false;
    }

    /** OFF becomes BOOTING, then ON after the host's boot time; ON or BOOTING: nothing to do. */
    public void powerOn(String hostId) throws DriverException {
        power(hostId, true);
    }

    /**
     * ON or BOOTING becomes SHUTTING_DOWN, then OFF after the host's shutdown time; refused while guests are on
     * the host or migrating to it.
     */
    public void powerOff(String hostId) throws DriverException {
        power(hostId, false);
    }

    private void power(String hostId, boolean on) throws DriverException {
        List<SimMigrationJob> done;
        lock.lock();
        try {
            HostEntry h = host(hostId);
            PowerState before = engine.power(h.handle());
            try {
                if (on) {
                    engine.powerOn(h.handle());
                } else {
                    engine.powerOff(h.handle());
                }
            } catch (SimulationException e) {
                throw new DriverException(e.getMessage(), e);
            }
            PowerState after = engine.power(h.handle());
            if (after != before) {
                inventoryChanged = true;
                LOG.info("Driver {}: host {} powered {}, now {}", id, h.id(), on ? "on" : "off", after);
            }
            if (reconcileNeeded) {
                reconcile();
            }
            done = afterChange();
        } finally {
            lock.unlock();
        }
        complete(done);
    }

    private GuestEntry guest(String idOrName) throws DriverException {
        GuestEntry g = idOrName == null ? null : guestsById.get(idOrName);
        if (g == null && idOrName != null) {
            g = guestsByName.get(idOrName);
        }
        if (g == null) {
            throw new DriverException("guest '" + idOrName + "' is unknown to driver " + id);
        }
        return g;
    }

    private HostEntry host(String hostId) throws DriverException {
        HostEntry h = hostId == null ? null : hostsById.get(hostId);
        if (h == null) {
            throw new DriverException("host '" + hostId + "' is unknown to driver " + id + " (hosts: " + hostNames() + ")");
        }
        return h;
    }

    // ---------------------------------------------------------------- readings, for the probe and tests

    /** When simulated time started. */
    public Instant start() {
        return start;
    }

    /** The simulated time the engine has reached. */
    public Instant now() {
        lock.lock();
        try {
            return start.plus(Durations.ofSeconds(engine.now()));
        } finally {
            lock.unlock();
        }
    }

    /** Every host and guest as of the engine's time. */
    public SimReadings readings() {
        lock.lock();
        try {
            List<HostReading> hostReadings = new ArrayList<>(hostsById.size());
            for (HostEntry h : hostsById.values()) {
                hostReadings.add(reading(h));
            }
            List<GuestReading> guestReadings = new ArrayList<>(guestsById.size());
            for (GuestEntry g : guestsById.values()) {
                guestReadings.add(reading(g));
            }
            return new SimReadings(start.plus(Durations.ofSeconds(engine.now())), hostReadings, guestReadings);
        } finally {
            lock.unlock();
        }
    }

    /** @throws IllegalArgumentException when the host is unknown */
    public HostReading hostReading(String hostId) {
        lock.lock();
        try {
            HostEntry h = hostsById.get(hostId);
            if (h == null) {
                throw new IllegalArgumentException("host '" + hostId + "' is unknown (hosts: " + hostNames() + ")");
            }
            return reading(h);
        } finally {
            lock.unlock();
        }
    }

    /** @param guestIdOrName the guest's UUID or name; @throws IllegalArgumentException when it is unknown */
    public GuestReading guestReading(String guestIdOrName) {
        lock.lock();
        try {
            return reading(guest(guestIdOrName));
        } catch (DriverException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The host a guest (UUID or name) runs on (its source while migrating), null when the guest is unknown. */
    public String hostOf(String guestIdOrName) {
        lock.lock();
        try {
            return hostOf(guest(guestIdOrName)).id();
        } catch (DriverException e) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Cluster-wide totals since the start, hosts and guests removed since included. */
    public SimTotals totals() {
        lock.lock();
        try {
            EngineTotals t = engine.totals();
            return new SimTotals(t.simulatedSeconds(), t.energyJoules(), t.requestedWork(), t.lostWork(),
                    t.migrationLostWork(), t.activeHostSeconds(), t.overloadedHostSeconds(), t.migrationsStarted(),
                    t.migrationsSucceeded());
        } finally {
            lock.unlock();
        }
    }

    /** Energy drawn by all hosts since the start, joules. */
    public double energyJoules() {
        return totals().energyJoules();
    }

    /** CPU asked for and not delivered since the start, MIPS-seconds (see {@link SimTotals#lostWork()}). */
    public double lostWork() {
        return totals().lostWork();
    }

    /** The problems {@link #status()} lists. */
    public List<String> problems() {
        return problems.messages();
    }

    private HostReading reading(HostEntry h) {
        int x = h.handle();
        return new HostReading(h.id(), engine.power(x), h.spec().capacity(), engine.demandShare(x),
                engine.utilization(x), engine.watts(x), engine.energyJoules(x), engine.lostWork(x),
                engine.overloadedSeconds(x));
    }

    private GuestReading reading(GuestEntry g) {
        int x = g.handle();
        HostEntry h = hostOf(g);
        double cap = g.spec().vcpus() * h.spec().coreMips();
        double allocated = engine.allocated(x);
        return new GuestReading(g.id(), g.spec().name(), h.id(), engine.demand(x), allocated,
                cap > 0 ? allocated / cap : 0, g.spec().vcpus(), engine.cpuTimeNanos(x), engine.guestLostWork(x),
                engine.guestMigrationLostWork(x));
    }

    @Override
    public String toString() {
        return "SimCluster " + id + ": " + detail;
    }
}
