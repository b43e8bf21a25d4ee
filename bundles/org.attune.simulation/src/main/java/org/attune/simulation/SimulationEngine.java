package org.attune.simulation;

import java.util.Objects;
import java.util.StringJoiner;

import org.attune.api.PowerState;
import org.attune.api.driver.MigrationResult.Outcome;

/**
 * The one cluster simulation: hosts, guests and their workloads, CPU sharing, memory, power states with boot and
 * shutdown, migrations, energy and SLA accounting, integrated over simulated seconds. Event-driven: between two
 * events (a workload changing, a migration phase ending, a host finishing its boot or shutdown) nothing changes,
 * so each interval is integrated exactly in one step; a day of PlanetLab traces is a few hundred steps plus the
 * migrations' ends. Workloads that change continuously are sampled at least every
 * {@link EngineSettings#maxStepSeconds()}.
 *
 * <p>Hosts, guests and migrations are numbered by the engine ({@code int} handles that stay valid until removed);
 * the caller keeps its own ids. {@link EngineSettings.Model} says how CPU is shared, power integrated and
 * migrations timed. Live migration (PHYSICAL) is pre-copy: round 1 sends the memory, each further round what the
 * guest dirtied during the previous one, until the rest fits in the maximum downtime; the guest then pauses for
 * that last copy. Every migration in a sending phase shares its hosts' links equally with the others using them.
 * A migrating guest keeps its memory on its source and reserves it on its target until it ends.
 *
 * <p>Not thread-safe: callers serialise access (the simulated driver holds one lock). Listeners are called during
 * {@link #advanceTo}, {@link #step}, {@link #abort}, removals, and {@link #powerOn}/{@link #powerOff} of a host
 * whose boot or shutdown takes no time, on the calling thread. Migrations that end at the same instant are reported
 * newest first.
 */
public final class SimulationEngine {

    /** Told what ends. */
    public interface Listener {
        /** A migration ended (succeeded, failed or was aborted). */
        void migrationEnded(MigrationEnd end);

        /** A host finished booting (ON) or shutting down (OFF). */
        default void powerChanged(int host, PowerState state) {
        }
    }

    /**
     * How a migration ended.
     *
     * @param migration      its handle
     * @param guest          the guest's handle
     * @param source         where it ran
     * @param target         where it went (on success)
     * @param live           live or regular
     * @param outcome        succeeded, failed or aborted
     * @param detail         why it failed or was aborted, "migrated in simulation" on success
     * @param started        simulated second it started
     * @param elapsedSeconds how long it took
     * @param downtimeSeconds how long the guest was paused
     * @param transferredMiB memory sent
     */
    public record MigrationEnd(int migration, int guest, int source, int target, boolean live, Outcome outcome,
                               String detail, double started, double elapsedSeconds, double downtimeSeconds,
                               double transferredMiB) {
    }

    /**
     * A migration in progress.
     *
     * @param transferredMiB sent so far
     * @param remainingMiB   still to send in the current round (0 while switching)
     * @param round          pre-copy round, 1 for the first
     * @param elapsedSeconds since it started
     * @param paused         the guest is paused (stop-and-copy, regular migration, post-copy switch)
     */
    public record MigrationProgress(double transferredMiB, double remainingMiB, int round, double elapsedSeconds,
                                    boolean paused) {
    }

    /** Pre-copy rounds before auto-converge or post-copy kick in. */
    public static final int FALLBACK_ROUND = 30;
    /** Auto-converge multiplies the dirty rate by this once per round after the fallback round. */
    public static final double AUTO_CONVERGE_FACTOR = 0.8;
    public static final double POST_COPY_SWITCH_SECONDS = 0.05;
    /** Two instants closer than this are the same instant, seconds. */
    static final double TIME_EPSILON = 1e-9;

    private final EngineSettings settings;
    private final boolean cloudsim;
    private Listener listener = end -> { };
    private double now;

    // The engine checks its public actions, runs the event loop and answers readings; the rest is done by parts
    // with one job each over the shared host and guest arrays.
    private final Hosts hosts = new Hosts();
    private final Guests guests = new Guests();
    private final CpuAllocation allocation;
    private final Accounting accounting;
    private final Migrations migrations;
    private final WorkloadSampler sampler;
    private boolean stateDirty = true;

    public SimulationEngine(EngineSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cloudsim = settings.model() == EngineSettings.Model.CLOUDSIM;
        this.allocation = CpuAllocation.of(settings, hosts, guests);
        this.accounting = new Accounting(settings, hosts, guests);
        this.migrations = new Migrations(settings, hosts, guests);
        this.sampler = new WorkloadSampler(settings, guests);
    }

    public EngineSettings settings() {
        return settings;
    }

    public void setListener(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Simulated seconds since the engine started. */
    public double now() {
        return now;
    }

    /** Adds a host; returns its handle. */
    public int addHost(SimulatedHost spec) {
        Objects.requireNonNull(spec, "spec");
        int h = hosts.add(spec);
        stateDirty = true;
        return h;
    }

    /**
     * Removes an empty host; migrations to it fail.
     *
     * @throws SimulationException when guests still run on it
     */
    public void removeHost(int h) {
        checkHost(h);
        StringJoiner on = guests.idsOn(h);
        if (on.length() > 0) {
            throw new SimulationException("host " + hosts.spec[h].id() + " still has guests (" + on + ")");
        }
        for (Migration m : migrations.snapshot()) {
            if (m.source == h || m.target == h) {
                end(m, Outcome.FAILED, "host " + hosts.spec[h].id() + " was removed");
            }
        }
        hosts.alive[h] = false;
        stateDirty = true;
    }

    /**
     * Adds a guest on host {@code h}; its workload starts now. Returns its handle.
     *
     * @throws SimulationException when the host is not ON or lacks cores or memory
     */
    public int addGuest(SimulatedGuest spec, int h) {
        Objects.requireNonNull(spec, "spec");
        checkHost(h);
        SimulatedHost host = hosts.spec[h];
        if (hosts.power[h] != PowerState.ON) {
            throw new SimulationException("host " + host.id() + " is " + hosts.power[h] + "; guests start on a host that is ON");
        }
        if (host.cpus() < spec.vcpus() || host.memoryMiB() - hosts.memCommitted[h] < spec.memoryMiB()) {
            throw new SimulationException("guest " + spec.id() + " (" + spec.vcpus() + " vCPUs, " + spec.memoryMiB()
                    + " MiB) does not fit host " + host.id() + " (" + host.cpus() + " cpus, "
                    + (host.memoryMiB() - hosts.memCommitted[h]) + " of " + host.memoryMiB() + " MiB free)");
        }
        int g = guests.add(spec, h, now);
        hosts.memCommitted[h] += spec.memoryMiB();
        sampler.sampleNew(g, now);
        stateDirty = true;
        return g;
    }

    /** Removes a guest; its migration fails. */
    public void removeGuest(int g) {
        checkGuest(g);
        Migration m = guests.migration[g];
        if (m != null) {
            end(m, Outcome.FAILED, "guest " + guests.spec[g].id() + " was removed");
        }
        hosts.memCommitted[guests.host[g]] -= guests.spec[g].memoryMiB();
        guests.alive[g] = false;
        stateDirty = true;
    }

    public void stopGuest(int g) {
        checkGuest(g);
        if (guests.migration[g] != null) {
            throw new SimulationException("guest " + guests.spec[g].id() + " is migrating; abort the migration first");
        }
        guests.stopped[g] = true;
        stateDirty = true;
    }

    public void startGuest(int g) {
        checkGuest(g);
        guests.stopped[g] = false;
        stateDirty = true;
    }

    /**
     * Starts migrating guest {@code g} to host {@code target}; returns the migration's handle.
     *
     * @throws SimulationException when it cannot start (already migrating, stopped, same host, target not ON,
     *                             too few cores, not enough memory free)
     */
    public int migrate(int g, int target, MigrationRequest request) {
        checkGuest(g);
        checkHost(target);
        Objects.requireNonNull(request, "request");
        SimulatedGuest spec = guests.spec[g];
        SimulatedHost t = hosts.spec[target];
        String name = spec.id();
        if (guests.migration[g] != null) {
            throw new SimulationException("guest " + name + " is already migrating to "
                    + hosts.spec[guests.migration[g].target].id() + "; one migration per guest at a time");
        }
        if (guests.stopped[g]) {
            throw new SimulationException("guest " + name + " is stopped; start it before migrating it");
        }
        if (guests.host[g] == target) {
            throw new SimulationException("guest " + name + " already runs on host " + t.id());
        }
        if (hosts.power[target] != PowerState.ON) {
            throw new SimulationException("host " + t.id() + " is " + hosts.power[target]
                    + "; guests can only migrate to a host that is ON");
        }
        if (t.cpus() < spec.vcpus()) {
            throw new SimulationException("host " + t.id() + " has " + t.cpus() + " cpus, guest " + name + " needs "
                    + spec.vcpus());
        }
        long free = t.memoryMiB() - hosts.memCommitted[target];
        if (spec.memoryMiB() > free) {
            throw new SimulationException("host " + t.id() + " has " + Math.max(0, free) + " MiB free ("
                    + hosts.memCommitted[target] + " of " + t.memoryMiB() + " MiB committed), guest " + name + " needs "
                    + spec.memoryMiB() + " MiB");
        }
        settle();
        Migration m = migrations.start(g, target, request, now);
        accounting.migrationStarted();
        stateDirty = true;
        return m.id;
    }

    /**
     * Sends a migration in progress to another target, keeping its progress and end (CloudSim 3.0.3 does this when
     * one plan moves a guest twice). The new target reserves the guest's memory, the old one frees it.
     *
     * @throws SimulationException when the migration is not in progress or the new target is its source or not ON
     */
    public void retarget(int migration, int target) {
        checkHost(target);
        Migration m = migrations.find(migration);
        if (m == null) {
            throw new SimulationException("no migration " + migration + " in progress");
        }
        if (target == m.source || hosts.power[target] != PowerState.ON) {
            throw new SimulationException("migration of " + guests.spec[m.guest].id() + " cannot go to host "
                    + hosts.spec[target].id());
        }
        settle();
        migrations.retarget(m, target);
        stateDirty = true;
    }

    /** Ends a migration now as ABORTED: the guest stays on its source. Unknown or ended migrations are ignored. */
    public void abort(int migration, String reason) {
        Migration m = migrations.find(migration);
        if (m != null) {
            settle();
            end(m, Outcome.ABORTED, "aborted: " + (reason == null || reason.isBlank() ? "no reason given" : reason));
        }
    }

    /**
     * OFF becomes BOOTING, then ON after the host's boot time; ON or BOOTING: nothing to do.
     *
     * @throws SimulationException while the host is shutting down
     */
    public void powerOn(int h) {
        checkHost(h);
        switch (hosts.power[h]) {
            case OFF -> {
                settle();
                accounting.booted();
                double boot = Durations.seconds(hosts.spec[h].profile().bootTime());
                if (boot <= TIME_EPSILON) {
                    hosts.power[h] = PowerState.ON;
                    listener.powerChanged(h, PowerState.ON);
                } else {
                    hosts.power[h] = PowerState.BOOTING;
                    hosts.transitionEnd[h] = now + boot;
                }
                stateDirty = true;
            }
            case SHUTTING_DOWN -> throw new SimulationException("host " + hosts.spec[h].id()
                    + " is shutting down; power it on once it is OFF");
            default -> {
            }
        }
    }

    /**
     * ON or BOOTING becomes SHUTTING_DOWN, then OFF after the host's shutdown time; OFF or SHUTTING_DOWN: nothing to do.
     *
     * @throws SimulationException while guests are on the host or migrating to it
     */
    public void powerOff(int h) {
        checkHost(h);
        if (hosts.power[h] == PowerState.OFF || hosts.power[h] == PowerState.SHUTTING_DOWN) {
            return;
        }
        StringJoiner on = guests.idsOn(h);
        if (on.length() > 0) {
            throw new SimulationException("host " + hosts.spec[h].id() + " still has guests (" + on
                    + "); migrate or stop and remove them before powering it off");
        }
        Migration incoming = migrations.firstTo(h);
        if (incoming != null) {
            throw new SimulationException("host " + hosts.spec[h].id() + " is the target of a migration of "
                    + guests.spec[incoming.guest].id() + "; wait for it or abort it before powering the host off");
        }
        settle();
        accounting.shutDown();
        double shutdown = Durations.seconds(hosts.spec[h].profile().shutdownTime());
        if (shutdown <= TIME_EPSILON) {
            hosts.power[h] = PowerState.OFF;
            listener.powerChanged(h, PowerState.OFF);
        } else {
            hosts.power[h] = PowerState.SHUTTING_DOWN;
            hosts.transitionEnd[h] = now + shutdown;
        }
        stateDirty = true;
    }

    /**
     * Integrates the cluster up to simulated second {@code t}, handling every event on the way at its own instant;
     * does nothing when {@code t} is not after {@link #now()}.
     */
    public void advanceTo(double t) {
        while (step(t)) {
            // every event up to t
        }
    }

    /**
     * Integrates up to the next event or {@code t}, whichever comes first, and handles the events due then: lets a
     * caller act between events (start a migration that waited for one to end, say). Listeners must not call the
     * engine; act after this returns.
     *
     * @return true when it stopped at an event at or before {@code t} (call again to go on), false once at {@code t}
     */
    public boolean step(double t) {
        settle();
        double next = nextEvent();
        if (next > t) {
            if (t > now) {
                segment(t, false);
            }
            return false;
        }
        if (next > now) {
            segment(next, next >= sampler.nextChange() - TIME_EPSILON);
        }
        handleEvents();
        return true;
    }

    /** The instant of the next event (a workload change, a migration phase ending, a boot or shutdown ending). */
    public double nextEventTime() {
        settle();
        return nextEvent();
    }

    /** Brings the computed state up to date after structural changes (no time passes). */
    private void settle() {
        if (stateDirty) {
            recompute();
        }
    }

    private double nextEvent() {
        double next = Math.min(sampler.nextChange(), migrations.earliestPhaseEnd(now));
        for (int h = 0; h < hosts.count; h++) {
            if (hosts.inTransition(h)) {
                next = Math.min(next, hosts.transitionEnd[h]);
            }
        }
        return Math.max(next, now);
    }

    /**
     * Integrates from {@link #now} to {@code t} with the current state. In the CloudSim model, when workloads change
     * at {@code t}, energy is the trapezoid of the power before and after that change, as CloudSim accounts it.
     */
    private void segment(double t, boolean workloadsChangeAtEnd) {
        double dt = t - now;
        if (cloudsim && workloadsChangeAtEnd) {
            boolean[] wasActive = accounting.openTrapezoid(dt);
            migrations.advance(dt);
            now = t;
            sampler.resampleDue(now);
            recompute();
            accounting.closeTrapezoid(wasActive, dt);
            return;
        }
        accounting.integrate(dt);
        migrations.advance(dt);
        now = t;
    }

    /** Handles every event due at {@link #now}: migration phases, power transitions, workload changes. */
    private void handleEvents() {
        boolean changed = migrations.endDuePhases();
        for (int i = migrations.size() - 1; i >= 0; i--) {
            Migration m = migrations.get(i);
            if (m.phase == Migration.Phase.DONE) {
                end(m, Outcome.SUCCEEDED, "migrated in simulation");
                changed = true;
            }
        }
        for (int h = 0; h < hosts.count; h++) {
            if (hosts.inTransition(h) && hosts.transitionEnd[h] <= now + TIME_EPSILON) {
                hosts.power[h] = hosts.power[h] == PowerState.BOOTING ? PowerState.ON : PowerState.OFF;
                listener.powerChanged(h, hosts.power[h]);
                changed = true;
            }
        }
        if (sampler.nextChange() <= now + TIME_EPSILON) {
            sampler.resampleDue(now);
            changed = true;
        }
        if (changed || stateDirty) {
            recompute();
        }
    }

    /** Ends a migration: the guest moves on success; the listener hears of it. */
    private void end(Migration m, Outcome outcome, String detail) {
        MigrationEnd ended = migrations.end(m, outcome, detail);
        if (outcome == Outcome.SUCCEEDED) {
            accounting.migrationSucceeded();
        }
        stateDirty = true;
        listener.migrationEnded(ended);
    }

    /** Recomputes every host's and guest's CPU, power and rates from the current demands and migrations. */
    private void recompute() {
        stateDirty = false;
        migrations.shareLinks();
        allocation.allocate();
    }

    public int hostCount() {
        return hosts.count;
    }

    public boolean hostAlive(int h) {
        return hosts.alive(h);
    }

    public SimulatedHost host(int h) {
        return hosts.spec[h];
    }

    public PowerState power(int h) {
        return hosts.power[h];
    }

    /** Delivered CPU over capacity, 0..1. */
    public double utilization(int h) {
        settle();
        return hosts.util[h];
    }

    /** Demand (migration overhead included; CloudSim model: requested) over capacity; may exceed 1. */
    public double demandShare(int h) {
        settle();
        return hosts.share[h];
    }

    public double watts(int h) {
        settle();
        return hosts.watts[h];
    }

    /** Energy the host drew since it was added, joules. */
    public double energyJoules(int h) {
        return hosts.energy[h];
    }

    /** CPU asked of the host and not delivered since it was added, MIPS-seconds. */
    public double lostWork(int h) {
        return hosts.lost[h];
    }

    /** Seconds the host spent active and overloaded. */
    public double overloadedSeconds(int h) {
        return hosts.overloaded[h];
    }

    /** Memory of the guests on the host plus guests migrating to it, MiB. */
    public long memoryCommitted(int h) {
        return hosts.memCommitted[h];
    }

    /** True while guests run on the host or migrate to it. */
    public boolean busy(int h) {
        if (guests.idsOn(h).length() > 0) {
            return true;
        }
        return migrations.firstTo(h) != null;
    }

    public int guestCount() {
        return guests.count;
    }

    public boolean guestAlive(int g) {
        return guests.alive(g);
    }

    public SimulatedGuest guest(int g) {
        return guests.spec[g];
    }

    /** The host the guest runs on (its source while migrating). */
    public int hostOf(int g) {
        return guests.host[g];
    }

    public boolean stopped(int g) {
        return guests.stopped[g];
    }

    /** What the workload asks for now, MIPS (uncapped). */
    public double workloadDemand(int g) {
        return guests.workload[g];
    }

    /** What the guest asks of its host, MIPS (PHYSICAL: capped at its vCPUs' cores, 0 while paused). */
    public double demand(int g) {
        settle();
        return guests.demand[g];
    }

    /** What it gets, MIPS. */
    public double allocated(int g) {
        settle();
        return guests.allocated[g];
    }

    /** Cumulative CPU time of all its vCPUs, nanoseconds; restarts at 0 when a migration ends. */
    public long cpuTimeNanos(int g) {
        return (long) guests.cpuNanos[g];
    }

    /** Demand not delivered, MIPS-seconds. */
    public double guestLostWork(int g) {
        return guests.lost[g];
    }

    /** Demand not delivered while migrating, MIPS-seconds. */
    public double guestMigrationLostWork(int g) {
        return guests.migrationLost[g];
    }

    /** The guest's migration in progress, -1 when none. */
    public int migrationOf(int g) {
        Migration m = guests.migration[g];
        return m == null ? -1 : m.id;
    }

    /** A migration in progress; null when it ended or never existed. */
    public MigrationProgress progress(int migration) {
        Migration m = migrations.find(migration);
        return m == null ? null : m.progress();
    }

    /** Migrations in progress. */
    public int migrationsInProgress() {
        return migrations.size();
    }

    /** Watts the whole cluster draws now (CloudSim model: hosts at 0 % draw nothing). */
    public double totalWatts() {
        settle();
        double sum = 0;
        for (int h = 0; h < hosts.count; h++) {
            if (hosts.alive[h] && (!cloudsim || hosts.active[h])) {
                sum += hosts.watts[h];
            }
        }
        return sum;
    }

    /** Hosts drawing power now: not OFF (CloudSim model: above 0 % CPU). */
    public int hostsDrawingPower() {
        settle();
        int n = 0;
        for (int h = 0; h < hosts.count; h++) {
            if (hosts.alive[h] && (cloudsim ? hosts.active[h] : hosts.power[h] != PowerState.OFF)) {
                n++;
            }
        }
        return n;
    }

    /** Cluster-wide integrals since the start or the last {@link #resetTotals()}. */
    public EngineTotals totals() {
        return accounting.totals(now);
    }

    /** Starts the totals afresh from now (e.g. to leave a warm-up out of the figures). Per-host integrals stay. */
    public void resetTotals() {
        accounting.reset(now);
    }

    private void checkHost(int h) {
        if (!hostAlive(h)) {
            throw new SimulationException("no host " + h);
        }
    }

    private void checkGuest(int g) {
        if (!guestAlive(g)) {
            throw new SimulationException("no guest " + g);
        }
    }
}
