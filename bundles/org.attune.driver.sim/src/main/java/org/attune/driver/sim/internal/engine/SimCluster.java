package org.attune.driver.sim.internal.engine;

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
import org.attune.driver.sim.internal.clock.SimClock;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.simulation.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cluster: hosts, guests, their workloads, CPU sharing, power, energy and migrations, integrated
 * over simulated time when {@link #advance()} or {@link #advanceTo(Instant)} is called.
 *
 * <p>Each step (at most {@code maxStep} long) evaluates every guest's demand at the step's start, shares each
 * host's capacity in proportion to demand when it is overloaded, and integrates energy, lost work and CPU time;
 * it is O(hosts + guests + migrations) and allocates nothing unless something changes state (a migration ends,
 * a host finishes booting).
 *
 * <p>Hosts and guests are added under a <em>source</em> (the configuration that defines them, e.g.
 * {@code "guest config org.attune.driver.sim.guest~front"}); a definition that cannot be admitted (bad values,
 * unknown initial host, duplicate name, too large for every host) is kept as a problem listed in
 * {@link #status()} and retried when hosts come and go.
 *
 * <p><b>Threading:</b> one lock guards the state; {@link #inventory()} and {@link #status()} read published
 * snapshots and never wait for it. Migration results complete outside the lock, after the step that ends them.
 */
public final class SimCluster implements HypervisorDriver {

    /** Value of the {@link HypervisorDriver#TYPE} service property. */
    public static final String TYPE = "sim";
    public static final String DEFAULT_ID = "sim";
    public static final Duration DEFAULT_MAX_STEP = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(SimCluster.class);
    private static final double EPSILON = 1e-9;

    private final String id;
    private final SimClock clock;
    private final Instant start;
    private final double maxStep;
    private final ReentrantLock lock = new ReentrantLock();
    private final ProblemBoard problems;

    // Guarded by lock.
    private double now;
    private final List<HostRuntime> hosts = new ArrayList<>();
    private final Map<String, HostRuntime> hostsById = new HashMap<>();
    private final Map<String, HostRuntime> hostsBySource = new HashMap<>();
    private final List<GuestRuntime> guests = new ArrayList<>();
    private final Map<String, GuestRuntime> guestsById = new HashMap<>();
    private final Map<String, GuestRuntime> guestsByName = new HashMap<>();
    private final Map<String, GuestRuntime> guestsBySource = new HashMap<>();
    private final Map<String, HostSpec> pendingHosts = new LinkedHashMap<>();
    private final Map<String, GuestSpec> pendingGuests = new LinkedHashMap<>();
    private final List<SimMigration> migrations = new ArrayList<>();
    private final List<SimMigration> ended = new ArrayList<>();
    private boolean inventoryChanged = true;
    private boolean reconcileNeeded;
    private double problemGrace;
    private double energyJoules;
    private double requestedWork;
    private double lostWork;
    private double migrationLostWork;
    private double activeHostSeconds;
    private double overloadedHostSeconds;
    private long migrationsStarted;
    private long migrationsSucceeded;

    private volatile boolean abortPending;
    private volatile Inventory inventory;
    private volatile String detail = "";

    /** A cluster with the default id {@code sim} and 1 s steps. */
    public SimCluster(SimClock clock) {
        this(DEFAULT_ID, clock, DEFAULT_MAX_STEP);
    }

    /**
     * @param id      the driver id hosts report
     * @param clock   the clock {@link #advance()} follows; simulated time starts at {@code clock.now()}
     * @param maxStep longest integration step (shorter steps: finer results, more work)
     */
    public SimCluster(String id, SimClock clock, Duration maxStep) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("driver id must not be blank");
        }
        if (maxStep.isNegative() || maxStep.isZero()) {
            throw new IllegalArgumentException("maxStep must be positive, was " + maxStep);
        }
        this.id = id;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.start = clock.now();
        this.maxStep = Durations.seconds(maxStep);
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
        List<SimMigration> done;
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
     * host, duplicate name, too large...) it waits as a problem of this source and is retried on every change.
     */
    public void addGuest(String source, GuestSpec spec) {
        List<SimMigration> done;
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
        List<SimMigration> done;
        lock.lock();
        try {
            removeLocked(source);
            problems.report(source, problem, false, now, problemGrace);
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
        List<SimMigration> done;
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
        HostRuntime h = hostsBySource.remove(source);
        if (h != null) {
            for (int i = migrations.size() - 1; i >= 0; i--) {
                SimMigration m = migrations.get(i);
                if (m.source == h || m.target == h) {
                    endMigration(i, MigrationResult.Outcome.FAILED, "host " + h.id + " was removed");
                }
            }
            // Its guests go back to waiting for a host; they come back when it does.
            for (Iterator<GuestRuntime> it = guests.iterator(); it.hasNext();) {
                GuestRuntime g = it.next();
                if (g.host == h) {
                    it.remove();
                    forgetGuest(g);
                    pendingGuests.put(g.source, g.spec);
                }
            }
            hosts.remove(h);
            hostsById.remove(h.id);
            inventoryChanged = true;
            LOG.info("Driver {}: host {} removed", id, h.id);
        }
        GuestRuntime g = guestsBySource.get(source);
        if (g != null) {
            if (g.migration != null) {
                endMigration(migrations.indexOf(g.migration), MigrationResult.Outcome.FAILED,
                        "guest " + g.spec.name() + " was removed");
            }
            guests.remove(g);
            forgetGuest(g);
            g.host.memoryCommitted -= g.spec.memoryMiB();
            inventoryChanged = true;
            LOG.info("Driver {}: guest {} removed", id, g.spec.name());
        }
    }

    private void forgetGuest(GuestRuntime g) {
        guestsById.remove(g.id);
        guestsByName.remove(g.spec.name());
        guestsBySource.remove(g.source);
    }

    /** Admits whatever pending definition can be admitted now. */
    private void reconcile() {
        reconcileNeeded = false;
        for (Iterator<Map.Entry<String, HostSpec>> it = pendingHosts.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, HostSpec> e = it.next();
            String source = e.getKey();
            HostSpec spec = e.getValue();
            HostRuntime other = hostsById.get(spec.name());
            if (other != null) {
                problems.report(source, source + ": host name '" + spec.name() + "' is already used by "
                        + other.source, false, now, problemGrace);
                continue;
            }
            HostRuntime h = new HostRuntime(source, spec);
            hosts.add(h);
            hostsById.put(h.id, h);
            hostsBySource.put(source, h);
            it.remove();
            problems.clear(source, source + ": host " + h.id + " admitted");
            inventoryChanged = true;
            LOG.info("Driver {}: host {} added ({} cpus x {} MIPS, {} MiB, {})", id, h.id, spec.cpus(),
                    spec.coreMips(), spec.memoryMiB(), h.powerState);
        }
        for (Iterator<Map.Entry<String, GuestSpec>> it = pendingGuests.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, GuestSpec> e = it.next();
            String source = e.getKey();
            GuestSpec spec = e.getValue();
            if (admitGuest(source, spec)) {
                it.remove();
            }
        }
    }

    private boolean admitGuest(String source, GuestSpec spec) {
        String name = spec.name();
        GuestRuntime same = guestsByName.get(name);
        if (same != null) {
            return refuse(source, "guest name '" + name + "' is already used by " + same.source, false);
        }
        same = guestsById.get(spec.id());
        if (same != null) {
            return refuse(source, "uuid " + spec.id() + " is already used by guest '" + same.spec.name() + "' ("
                    + same.source + ")", false);
        }
        for (GuestRuntime g : guests) {
            if (g.spec.mac().equals(spec.mac())) {
                return refuse(source, "mac " + spec.mac() + " is already used by guest '" + g.spec.name() + "' ("
                        + g.source + ")", false);
            }
        }
        HostRuntime h = hostsById.get(spec.host());
        if (h == null) {
            return refuse(source, "initial host '" + spec.host() + "' is unknown (known hosts: " + hostNames()
                    + "); the guest waits for it", true);
        }
        boolean fitsSomewhere = false;
        for (HostRuntime candidate : hosts) {
            fitsSomewhere |= candidate.spec.cpus() >= spec.vcpus() && candidate.spec.memoryMiB() >= spec.memoryMiB();
        }
        if (!fitsSomewhere) {
            return refuse(source, "guest '" + name + "' (" + spec.vcpus() + " vCPUs, " + spec.memoryMiB()
                    + " MiB) is larger than every host (" + hostSizes() + ")", true);
        }
        if (h.spec.cpus() < spec.vcpus() || h.spec.memoryMiB() < spec.memoryMiB()) {
            return refuse(source, "guest '" + name + "' (" + spec.vcpus() + " vCPUs, " + spec.memoryMiB()
                    + " MiB) does not fit its initial host " + h.id + " (" + h.spec.cpus() + " cpus, "
                    + h.spec.memoryMiB() + " MiB)", false);
        }
        if (h.powerState != PowerState.ON) {
            return refuse(source, "initial host " + h.id + " is " + h.powerState + "; the guest waits for it to be ON",
                    false);
        }
        GuestRuntime g = new GuestRuntime(source, spec, h, now);
        guests.add(g);
        guestsById.put(g.id, g);
        guestsByName.put(name, g);
        guestsBySource.put(source, g);
        h.memoryCommitted += spec.memoryMiB();
        problems.clear(source, source + ": guest " + name + " admitted on " + h.id);
        inventoryChanged = true;
        LOG.info("Driver {}: guest {} ({}) added on {} with workload {}", id, name, g.id, h.id, spec.workload());
        return true;
    }

    private boolean refuse(String source, String what, boolean waiting) {
        problems.report(source, source + ": " + what, waiting, now, problemGrace);
        return false;
    }

    private String hostNames() {
        StringJoiner j = new StringJoiner(", ");
        j.setEmptyValue("none");
        hosts.forEach(h -> j.add(h.id));
        return j.toString();
    }

    private String hostSizes() {
        int cpus = 0;
        long memory = 0;
        for (HostRuntime h : hosts) {
            cpus = Math.max(cpus, h.spec.cpus());
            memory = Math.max(memory, h.spec.memoryMiB());
        }
        return hosts.isEmpty() ? "there are none" : "at most " + cpus + " cpus, " + memory + " MiB";
    }

    // ---------------------------------------------------------------- simulation

    /** Integrates the state up to the clock's current time. */
    public void advance() {
        advanceTo(clock.now());
    }

    /**
     * Integrates the state up to {@code time} in steps of at most {@code maxStep}; does nothing when {@code time}
     * is not after the engine's time. Migration results that end meanwhile complete before this returns.
     */
    public void advanceTo(Instant time) {
        double target = Durations.seconds(Duration.between(start, time));
        List<SimMigration> done;
        lock.lock();
        try {
            while (target - now > EPSILON) {
                double dt = Math.min(maxStep, target - now);
                step(dt);
                now += dt;
            }
            problems.tick(now, problemGrace);
            if (reconcileNeeded) {
                reconcile();
            }
            done = afterChange();
        } finally {
            lock.unlock();
        }
        complete(done);
    }

    /** One step of {@code dt} seconds from {@link #now}. Allocation-free unless a state changes. */
    private void step(double dt) {
        if (abortPending) {
            processAborts();
        }
        // Migrations first: how long each guest is paused during this step shapes its demand.
        for (int i = 0; i < migrations.size(); i++) {
            migrations.get(i).advance(dt);
        }
        for (int i = 0; i < hosts.size(); i++) {
            HostRuntime h = hosts.get(i);
            h.demand = 0;
            h.overhead = 0;
        }
        for (int i = 0; i < guests.size(); i++) {
            GuestRuntime g = guests.get(i);
            double want = 0;
            if (!g.stopped) {
                double w = g.workload.demandAt(now - g.startTime);
                want = w > 0 ? Math.min(w, g.cap()) : 0;
            }
            double demand = want;
            SimMigration m = g.migration;
            if (m != null) {
                double paused = Math.min(m.pausedInStep, dt);
                if (paused > 0) {
                    demand = want * (1 - paused / dt);
                    g.migrationLostWork += want * paused;
                    migrationLostWork += want * paused;
                }
                m.target.overhead += SimMigration.DESTINATION_OVERHEAD * demand;
            }
            g.wanted = want;
            g.demand = demand;
            g.host.demand += demand;
            requestedWork += want * dt;
        }
        for (int i = 0; i < hosts.size(); i++) {
            accountHost(hosts.get(i), dt);
        }
        for (int i = 0; i < guests.size(); i++) {
            GuestRuntime g = guests.get(i);
            HostRuntime h = g.host;
            double allocated = g.demand * h.scale;
            g.allocated = allocated;
            g.cpuTimeNanos += allocated / h.coreMips * dt * 1e9;
            g.lostWork += (g.demand - allocated) * dt;
        }
        // Migrations end after the accounting so that the step is charged to the source.
        for (int i = migrations.size() - 1; i >= 0; i--) {
            SimMigration m = migrations.get(i);
            if (m.done()) {
                endMigration(i, MigrationResult.Outcome.SUCCEEDED, "migrated in simulation");
            }
        }
    }

    private void accountHost(HostRuntime h, double dt) {
        double d = h.demand + h.overhead;
        double c = h.capacity;
        h.scale = d > c ? c / d : 1;
        h.demandShare = d / c;
        h.utilization = Math.min(d, c) / c;
        if (d > c) {
            h.lostWork += (d - c) * dt;
            lostWork += (d - c) * dt;
            h.overloadedSeconds += dt;
            overloadedHostSeconds += dt;
        }
        double watts;
        switch (h.powerState) {
            case OFF:
                watts = 0;
                break;
            case ON:
                watts = h.power.watts(h.utilization);
                break;
            case BOOTING:
                watts = h.power.bootWatts();
                break;
            default:
                watts = h.power.shutdownWatts();
        }
        h.watts = watts;
        h.energyJoules += watts * dt;
        energyJoules += watts * dt;
        if (h.powerState != PowerState.OFF) {
            activeHostSeconds += dt;
        }
        if (h.powerState == PowerState.BOOTING || h.powerState == PowerState.SHUTTING_DOWN) {
            h.transitionLeft -= dt;
            if (h.transitionLeft <= EPSILON) {
                h.powerState = h.powerState == PowerState.BOOTING ? PowerState.ON : PowerState.OFF;
                h.transitionLeft = 0;
                inventoryChanged = true;
                reconcileNeeded = true;
                LOG.info("Driver {}: host {} is {}", id, h.id, h.powerState);
            }
        }
    }

    /** Ends the i-th migration: the guest moves (on success) and the job's result is ready to complete. */
    private void endMigration(int index, MigrationResult.Outcome outcome, String detail) {
        SimMigration m = migrations.remove(index);
        GuestRuntime g = m.guest;
        long memory = g.spec.memoryMiB();
        if (outcome == MigrationResult.Outcome.SUCCEEDED) {
            g.host = m.target;
            // Like libvirt, whose CPU-time counter restarts in the target's new QEMU process.
            g.cpuTimeNanos = 0;
            m.source.memoryCommitted -= memory;
            migrationsSucceeded++;
        } else {
            m.target.memoryCommitted -= memory;
        }
        g.migration = null;
        MigrationResult r = m.finish(outcome, detail);
        ended.add(m);
        inventoryChanged = true;
        LOG.info("Driver {}: migration of {} from {} to {} {} after {} (downtime {})", id, g.spec.name(), m.source.id,
                m.target.id, outcome.name().toLowerCase(Locale.ROOT), r.total(), r.downtime());
    }

    /** Called by a job's {@code abort}: handled now if the lock is free, else by the next step. Never blocks. */
    void abortRequested(SimMigration m) {
        abortPending = true;
        if (lock.tryLock()) {
            List<SimMigration> done;
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
        for (int i = migrations.size() - 1; i >= 0; i--) {
            SimMigration m = migrations.get(i);
            if (m.abortReason != null) {
                endMigration(i, MigrationResult.Outcome.ABORTED, "aborted: " + m.abortReason);
            }
        }
    }

    /** Publishes snapshots and hands back the jobs to complete once the lock is released. Call under the lock. */
    private List<SimMigration> afterChange() {
        if (inventoryChanged) {
            inventory = buildInventory();
            inventoryChanged = false;
        }
        publishDetail();
        if (ended.isEmpty()) {
            return List.of();
        }
        List<SimMigration> done = new ArrayList<>(ended);
        ended.clear();
        return done;
    }

    private static void complete(List<SimMigration> done) {
        for (SimMigration m : done) {
            m.complete();
        }
    }

    private Inventory buildInventory() {
        List<Host> hostList = new ArrayList<>(hosts.size());
        for (HostRuntime h : hosts) {
            String hostDetail = switch (h.powerState) {
                case BOOTING -> "booting";
                case SHUTTING_DOWN -> "shutting down";
                case OFF -> "powered off";
                default -> "";
            };
            hostList.add(new Host(h.id, h.id, id, h.capacity, h.spec.cpus(), h.spec.memoryMiB(), h.powerState,
                    Availability.ONLINE, hostDetail, h.spec.powerProfile()));
        }
        List<Guest> guestList = new ArrayList<>(guests.size());
        Map<String, String> placement = new HashMap<>(guests.size() * 2);
        for (GuestRuntime g : guests) {
            GuestSpec s = g.spec;
            guestList.add(new Guest(g.id, s.name(), s.vcpus(), s.memoryMiB(), s.mac(), s.tier(), s.labels(), state(g)));
            placement.put(g.id, g.host.id);
        }
        return new Inventory(id, hostList, guestList, placement);
    }

    private static GuestState state(GuestRuntime g) {
        if (g.stopped) {
            return GuestState.STOPPED;
        }
        if (g.migration != null) {
            return g.migration.options().mode() == MigrationMode.REGULAR ? GuestState.PAUSED : GuestState.MIGRATING;
        }
        return GuestState.RUNNING;
    }

    private void publishDetail() {
        detail = "simulated cluster: " + hosts.size() + " hosts, " + guests.size() + " guests, "
                + migrations.size() + " migrations, simulated time +" + Durations.format(Math.rint(now * 1000) / 1000);
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
     * simulated time passes its end.
     */
    @Override
    public MigrationJob migrate(String guestId, String targetHostId, MigrationOptions options) throws DriverException {
        Objects.requireNonNull(options, "options");
        List<SimMigration> done;
        SimMigration job;
        lock.lock();
        try {
            GuestRuntime g = guest(guestId);
            HostRuntime target = host(targetHostId);
            String name = g.spec.name();
            if (g.migration != null) {
                throw new DriverException("guest " + name + " is already migrating to " + g.migration.target.id
                        + "; one migration per guest at a time");
            }
            if (g.stopped) {
                throw new DriverException("guest " + name + " is stopped; start it before migrating it");
            }
            if (g.host == target) {
                throw new DriverException("guest " + name + " already runs on host " + target.id);
            }
            if (target.powerState != PowerState.ON) {
                throw new DriverException("host " + target.id + " is " + target.powerState
                        + "; guests can only migrate to a host that is ON");
            }
            if (target.spec.cpus() < g.spec.vcpus()) {
                throw new DriverException("host " + target.id + " has " + target.spec.cpus() + " cpus, guest " + name
                        + " needs " + g.spec.vcpus());
            }
            long free = target.spec.memoryMiB() - target.memoryCommitted;
            if (g.spec.memoryMiB() > free) {
                throw new DriverException("host " + target.id + " has " + Math.max(0, free) + " MiB free ("
                        + target.memoryCommitted + " of " + target.spec.memoryMiB() + " MiB committed), guest " + name
                        + " needs " + g.spec.memoryMiB() + " MiB");
            }
            job = new SimMigration(this, g, target, options, start.plus(Durations.ofSeconds(now)));
            g.migration = job;
            target.memoryCommitted += g.spec.memoryMiB();
            migrations.add(job);
            migrationsStarted++;
            inventoryChanged = true;
            LOG.info("Driver {}: {} migration of {} from {} to {} started", id, options.mode(), name, g.host.id,
                    target.id);
            done = afterChange();
        } finally {
            lock.unlock();
        }
        complete(done);
        return job;
    }

    @Override
    public void startGuest(String guestId) throws DriverException {
        lock.lock();
        try {
            GuestRuntime g = guest(guestId);
            if (g.stopped) {
                g.stopped = false;
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
            GuestRuntime g = guest(guestId);
            if (g.migration != null) {
                throw new DriverException("guest " + g.spec.name() + " is migrating; abort the migration first");
            }
            if (!g.stopped) {
                g.stopped = true;
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
        lock.lock();
        try {
            HostRuntime h = host(hostId);
            switch (h.powerState) {
                case OFF:
                    h.powerState = PowerState.BOOTING;
                    h.transitionLeft = Durations.seconds(h.power.bootTime());
                    if (h.transitionLeft <= EPSILON) {
                        h.powerState = PowerState.ON;
                        reconcile();
                    }
                    inventoryChanged = true;
                    LOG.info("Driver {}: host {} powered on, now {}", id, h.id, h.powerState);
                    break;
                case SHUTTING_DOWN:
                    throw new DriverException("host " + h.id + " is shutting down; power it on once it is OFF");
                default:
                    break;
            }
            afterChange();
        } finally {
            lock.unlock();
        }
    }

    /**
     * ON or BOOTING becomes SHUTTING_DOWN, then OFF after the host's shutdown time; refused while guests are on
     * the host or migrating to or from it.
     */

    public void powerOff(String hostId) throws DriverException {
        lock.lock();
        try {
            HostRuntime h = host(hostId);
            if (h.powerState == PowerState.OFF || h.powerState == PowerState.SHUTTING_DOWN) {
                return;
            }
            StringJoiner on = new StringJoiner(", ");
            for (GuestRuntime g : guests) {
                if (g.host == h) {
                    on.add(g.spec.name());
                }
            }
            if (on.length() > 0) {
                throw new DriverException("host " + h.id + " still has guests (" + on
                        + "); migrate or stop and remove them before powering it off");
            }
            for (SimMigration m : migrations) {
                if (m.target == h) {
                    throw new DriverException("host " + h.id + " is the target of a migration of "
                            + m.guest.spec.name() + "; wait for it or abort it before powering the host off");
                }
            }
            h.powerState = PowerState.SHUTTING_DOWN;
            h.transitionLeft = Durations.seconds(h.power.shutdownTime());
            if (h.transitionLeft <= EPSILON) {
                h.powerState = PowerState.OFF;
            }
            inventoryChanged = true;
            LOG.info("Driver {}: host {} powered off, now {}", id, h.id, h.powerState);
            afterChange();
        } finally {
            lock.unlock();
        }
    }

    private GuestRuntime guest(String idOrName) throws DriverException {
        GuestRuntime g = idOrName == null ? null : guestsById.get(idOrName);
        if (g == null && idOrName != null) {
            g = guestsByName.get(idOrName);
        }
        if (g == null) {
            throw new DriverException("guest '" + idOrName + "' is unknown to driver " + id);
        }
        return g;
    }

    private HostRuntime host(String hostId) throws DriverException {
        HostRuntime h = hostId == null ? null : hostsById.get(hostId);
        if (h == null) {
            throw new DriverException("host '" + hostId + "' is unknown to driver " + id + " (hosts: " + hostNames() + ")");
        }
        return h;
    }

    // ---------------------------------------------------------------- readings, for the probe, tests, benchmarks

    /** When simulated time started. */
    public Instant start() {
        return start;
    }

    /** The simulated time the engine has reached (end of its latest step). */
    public Instant now() {
        lock.lock();
        try {
            return start.plus(Durations.ofSeconds(now));
        } finally {
            lock.unlock();
        }
    }

    /** Every host and guest as of the latest step. */
    public SimReadings readings() {
        lock.lock();
        try {
            List<HostReading> hostReadings = new ArrayList<>(hosts.size());
            for (HostRuntime h : hosts) {
                hostReadings.add(reading(h));
            }
            List<GuestReading> guestReadings = new ArrayList<>(guests.size());
            for (GuestRuntime g : guests) {
                guestReadings.add(reading(g));
            }
            return new SimReadings(start.plus(Durations.ofSeconds(now)), hostReadings, guestReadings);
        } finally {
            lock.unlock();
        }
    }

    /** @throws IllegalArgumentException when the host is unknown */
    public HostReading hostReading(String hostId) {
        lock.lock();
        try {
            HostRuntime h = hostsById.get(hostId);
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

    /** The host a guest (UUID or name) runs on, null when the guest is unknown. */
    public String hostOf(String guestIdOrName) {
        lock.lock();
        try {
            return reading(guest(guestIdOrName)).hostId();
        } catch (DriverException e) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Cluster-wide totals since the start. */
    public SimTotals totals() {
        lock.lock();
        try {
            return new SimTotals(now, energyJoules, requestedWork, lostWork, migrationLostWork, activeHostSeconds,
                    overloadedHostSeconds, migrationsStarted, migrationsSucceeded);
        } finally {
            lock.unlock();
        }
    }

    /** Energy drawn by all hosts since the start, joules. */
    public double energyJoules() {
        return totals().energyJoules();
    }

    /** CPU demand not delivered because hosts were overloaded, MIPS-seconds. */
    public double lostWork() {
        return totals().lostWork();
    }

    /** The problems {@link #status()} lists. */
    public List<String> problems() {
        return problems.messages();
    }

    private static HostReading reading(HostRuntime h) {
        return new HostReading(h.id, h.powerState, h.capacity, h.demandShare, h.utilization, h.watts, h.energyJoules,
                h.lostWork, h.overloadedSeconds);
    }

    private static GuestReading reading(GuestRuntime g) {
        double cap = g.cap();
        return new GuestReading(g.id, g.spec.name(), g.host.id, g.demand, g.allocated, cap > 0 ? g.allocated / cap : 0,
                g.spec.vcpus(), (long) g.cpuTimeNanos, g.lostWork, g.migrationLostWork);
    }

    @Override
    public String toString() {
        return "SimCluster " + id + ": " + detail;
    }
}
