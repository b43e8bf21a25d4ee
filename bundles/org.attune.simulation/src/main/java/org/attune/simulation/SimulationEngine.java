package org.attune.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

import org.attune.api.PowerProfile;
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

    // ---- hosts
    private int nh;
    private boolean[] hostAlive = new boolean[8];
    private SimulatedHost[] hostSpec = new SimulatedHost[8];
    private PowerState[] power = new PowerState[8];
    private double[] transitionEnd = new double[8];
    private long[] memCommitted = new long[8];
    private int[] linkUsers = new int[8];
    // latest state
    private double[] demand = new double[8];
    private double[] overhead = new double[8];
    private double[] capShort = new double[8];
    private double[] capSum = new double[8];
    private double[] reqTot = new double[8];
    private double[] utilMips = new double[8];
    private double[] scale = new double[8];
    private double[] util = new double[8];
    private double[] share = new double[8];
    private double[] watts = new double[8];
    private double[] lostRate = new double[8];
    private boolean[] hasGuests = new boolean[8];
    private boolean[] active = new boolean[8];
    private boolean[] violated = new boolean[8];
    // integrals
    private double[] hostEnergy = new double[8];
    private double[] hostLost = new double[8];
    private double[] hostOverloaded = new double[8];

    // ---- guests
    private int ng;
    private boolean[] guestAlive = new boolean[8];
    private SimulatedGuest[] guestSpec = new SimulatedGuest[8];
    private int[] guestHost = new int[8];
    private boolean[] stopped = new boolean[8];
    private double[] guestStart = new double[8];
    private Migration[] guestMigration = new Migration[8];
    private double[] workloadValue = new double[8];
    private double[] nextSample = new double[8];
    // latest state
    private double[] want = new double[8];
    private double[] guestDemand = new double[8];
    private double[] allocated = new double[8];
    // integrals
    private double[] cpuNanos = new double[8];
    private double[] guestLost = new double[8];
    private double[] guestMigrationLost = new double[8];

    // ---- migrations
    private final List<Migration> migrations = new ArrayList<>();
    private int migrationSequence;
    private double nextWorkloadChange = Double.POSITIVE_INFINITY;
    private boolean stateDirty = true;

    // ---- totals
    private double totalsSince;
    private double energy;
    private double requested;
    private double lost;
    private double migrationLost;
    private double activeSeconds;
    private double overloadedSeconds;
    private long migrationsStarted;
    private long migrationsSucceeded;
    private long boots;
    private long shutdowns;

    public SimulationEngine(EngineSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cloudsim = settings.model() == EngineSettings.Model.CLOUDSIM;
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

    // ==== structure ===========================================================================================

    /** Adds a host; returns its handle. */
    public int addHost(SimulatedHost spec) {
        Objects.requireNonNull(spec, "spec");
        int h = nh++;
        growHosts(nh);
        hostAlive[h] = true;
        hostSpec[h] = spec;
        power[h] = spec.poweredOn() ? PowerState.ON : PowerState.OFF;
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
        StringJoiner on = guestsOn(h);
        if (on.length() > 0) {
            throw new SimulationException("host " + hostSpec[h].id() + " still has guests (" + on + ")");
        }
        for (Migration m : new ArrayList<>(migrations)) {
            if (m.source == h || m.target == h) {
                end(m, Outcome.FAILED, "host " + hostSpec[h].id() + " was removed");
            }
        }
        hostAlive[h] = false;
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
        SimulatedHost host = hostSpec[h];
        if (power[h] != PowerState.ON) {
            throw new SimulationException("host " + host.id() + " is " + power[h] + "; guests start on a host that is ON");
        }
        if (host.cpus() < spec.vcpus() || host.memoryMiB() - memCommitted[h] < spec.memoryMiB()) {
            throw new SimulationException("guest " + spec.id() + " (" + spec.vcpus() + " vCPUs, " + spec.memoryMiB()
                    + " MiB) does not fit host " + host.id() + " (" + host.cpus() + " cpus, "
                    + (host.memoryMiB() - memCommitted[h]) + " of " + host.memoryMiB() + " MiB free)");
        }
        int g = ng++;
        growGuests(ng);
        guestAlive[g] = true;
        guestSpec[g] = spec;
        guestHost[g] = h;
        guestStart[g] = now;
        memCommitted[h] += spec.memoryMiB();
        sample(g);
        nextWorkloadChange = Math.min(nextWorkloadChange, nextSample[g]);
        stateDirty = true;
        return g;
    }

    /** Removes a guest; its migration fails. */
    public void removeGuest(int g) {
        checkGuest(g);
        Migration m = guestMigration[g];
        if (m != null) {
            end(m, Outcome.FAILED, "guest " + guestSpec[g].id() + " was removed");
        }
        memCommitted[guestHost[g]] -= guestSpec[g].memoryMiB();
        guestAlive[g] = false;
        stateDirty = true;
    }

    public void stopGuest(int g) {
        checkGuest(g);
        if (guestMigration[g] != null) {
            throw new SimulationException("guest " + guestSpec[g].id() + " is migrating; abort the migration first");
        }
        stopped[g] = true;
        stateDirty = true;
    }

    public void startGuest(int g) {
        checkGuest(g);
        stopped[g] = false;
        stateDirty = true;
    }

    // ==== actions =============================================================================================

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
        SimulatedGuest spec = guestSpec[g];
        SimulatedHost t = hostSpec[target];
        String name = spec.id();
        if (guestMigration[g] != null) {
            throw new SimulationException("guest " + name + " is already migrating to "
                    + hostSpec[guestMigration[g].target].id() + "; one migration per guest at a time");
        }
        if (stopped[g]) {
            throw new SimulationException("guest " + name + " is stopped; start it before migrating it");
        }
        if (guestHost[g] == target) {
            throw new SimulationException("guest " + name + " already runs on host " + t.id());
        }
        if (power[target] != PowerState.ON) {
            throw new SimulationException("host " + t.id() + " is " + power[target]
                    + "; guests can only migrate to a host that is ON");
        }
        if (t.cpus() < spec.vcpus()) {
            throw new SimulationException("host " + t.id() + " has " + t.cpus() + " cpus, guest " + name + " needs "
                    + spec.vcpus());
        }
        long free = t.memoryMiB() - memCommitted[target];
        if (spec.memoryMiB() > free) {
            throw new SimulationException("host " + t.id() + " has " + Math.max(0, free) + " MiB free ("
                    + memCommitted[target] + " of " + t.memoryMiB() + " MiB committed), guest " + name + " needs "
                    + spec.memoryMiB() + " MiB");
        }
        settle();
        double maxDowntime = Double.isNaN(request.maxDowntimeSeconds()) ? settings.maxDowntimeSeconds()
                : request.maxDowntimeSeconds();
        Migration.Phase first = cloudsim ? Migration.Phase.TRANSFER
                : request.live() ? Migration.Phase.PRE_COPY : Migration.Phase.STOP_AND_COPY;
        Migration m = new Migration(migrationSequence++, g, guestHost[g], target, request, maxDowntime,
                spec.memoryMiB(), now, first, first == Migration.Phase.PRE_COPY ? dirtyRate(g) : 0);
        migrations.add(m);
        guestMigration[g] = m;
        memCommitted[target] += spec.memoryMiB();
        migrationsStarted++;
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
        for (Migration m : migrations) {
            if (m.id == migration) {
                if (target == m.source || power[target] != PowerState.ON) {
                    throw new SimulationException("migration of " + guestSpec[m.guest].id() + " cannot go to host "
                            + hostSpec[target].id());
                }
                settle();
                long mem = guestSpec[m.guest].memoryMiB();
                memCommitted[m.target] -= mem;
                memCommitted[target] += mem;
                m.target = target;
                stateDirty = true;
                return;
            }
        }
        throw new SimulationException("no migration " + migration + " in progress");
    }

    /** Ends a migration now as ABORTED: the guest stays on its source. Unknown or ended migrations are ignored. */
    public void abort(int migration, String reason) {
        for (Migration m : migrations) {
            if (m.id == migration) {
                settle();
                end(m, Outcome.ABORTED, "aborted: " + (reason == null || reason.isBlank() ? "no reason given" : reason));
                return;
            }
        }
    }

    /**
     * OFF becomes BOOTING, then ON after the host's boot time; ON or BOOTING: nothing to do.
     *
     * @throws SimulationException while the host is shutting down
     */
    public void powerOn(int h) {
        checkHost(h);
        switch (power[h]) {
            case OFF -> {
                settle();
                boots++;
                double boot = seconds(hostSpec[h].profile().bootTime());
                if (boot <= TIME_EPSILON) {
                    power[h] = PowerState.ON;
                    listener.powerChanged(h, PowerState.ON);
                } else {
                    power[h] = PowerState.BOOTING;
                    transitionEnd[h] = now + boot;
                }
                stateDirty = true;
            }
            case SHUTTING_DOWN -> throw new SimulationException("host " + hostSpec[h].id()
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
        if (power[h] == PowerState.OFF || power[h] == PowerState.SHUTTING_DOWN) {
            return;
        }
        StringJoiner on = guestsOn(h);
        if (on.length() > 0) {
            throw new SimulationException("host " + hostSpec[h].id() + " still has guests (" + on
                    + "); migrate or stop and remove them before powering it off");
        }
        for (Migration m : migrations) {
            if (m.target == h) {
                throw new SimulationException("host " + hostSpec[h].id() + " is the target of a migration of "
                        + guestSpec[m.guest].id() + "; wait for it or abort it before powering the host off");
            }
        }
        settle();
        shutdowns++;
        double shutdown = seconds(hostSpec[h].profile().shutdownTime());
        if (shutdown <= TIME_EPSILON) {
            power[h] = PowerState.OFF;
            listener.powerChanged(h, PowerState.OFF);
        } else {
            power[h] = PowerState.SHUTTING_DOWN;
            transitionEnd[h] = now + shutdown;
        }
        stateDirty = true;
    }

    // ==== time ================================================================================================

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
            segment(next, next >= nextWorkloadChange - TIME_EPSILON);
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
        double next = nextWorkloadChange;
        for (int i = 0; i < migrations.size(); i++) {
            Migration m = migrations.get(i);
            next = Math.min(next, now + m.timeToPhaseEnd());
        }
        for (int h = 0; h < nh; h++) {
            if (hostAlive[h] && (power[h] == PowerState.BOOTING || power[h] == PowerState.SHUTTING_DOWN)) {
                next = Math.min(next, transitionEnd[h]);
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
            // Left half with the power before the change, on the hosts active before it...
            boolean[] wasActive = Arrays.copyOf(active, nh);
            for (int h = 0; h < nh; h++) {
                if (hostAlive[h] && wasActive[h]) {
                    addEnergy(h, watts[h] * dt / 2);
                }
            }
            integrate(dt, false);
            advanceMigrations(dt);
            now = t;
            // ...right half with the power after it.
            resampleDue();
            recompute();
            for (int h = 0; h < nh; h++) {
                if (hostAlive[h] && wasActive[h]) {
                    addEnergy(h, watts[h] * dt / 2);
                }
            }
            return;
        }
        integrate(dt, true);
        advanceMigrations(dt);
        now = t;
    }

    private void addEnergy(int h, double joules) {
        hostEnergy[h] += joules;
        energy += joules;
    }

    private void integrate(double dt, boolean withEnergy) {
        for (int h = 0; h < nh; h++) {
            if (!hostAlive[h]) {
                continue;
            }
            if (withEnergy && (!cloudsim || active[h])) {
                addEnergy(h, watts[h] * dt);
            }
            if (active[h]) {
                activeSeconds += dt;
                if (violated[h]) {
                    overloadedSeconds += dt;
                    hostOverloaded[h] += dt;
                }
            }
            double l = lostRate[h] * dt;
            hostLost[h] += l;
            lost += l;
        }
        for (int g = 0; g < ng; g++) {
            if (!guestAlive[g]) {
                continue;
            }
            int h = guestHost[g];
            cpuNanos[g] += allocated[g] / hostSpec[h].coreMips() * dt * 1e9;
            guestLost[g] += (want[g] - allocated[g]) * dt;
            double req = want[g];
            requested += req * dt;
            if (guestMigration[g] != null && allocated[g] < req) {
                double ml = (req - allocated[g]) * dt;
                guestMigrationLost[g] += ml;
                migrationLost += ml;
            }
        }
    }

    private void advanceMigrations(double dt) {
        for (int i = 0; i < migrations.size(); i++) {
            migrations.get(i).advance(dt);
        }
    }

    /** Handles every event due at {@link #now}: migration phases, power transitions, workload changes. */
    private void handleEvents() {
        boolean changed = false;
        for (int i = 0; i < migrations.size(); i++) {
            Migration m = migrations.get(i);
            while (m.phase != Migration.Phase.DONE && m.timeToPhaseEnd() <= TIME_EPSILON) {
                m.nextPhase(linkRate(m), dirtyRate(m.guest));
                changed = true;
            }
        }
        for (int i = migrations.size() - 1; i >= 0; i--) {
            Migration m = migrations.get(i);
            if (m.phase == Migration.Phase.DONE) {
                end(m, Outcome.SUCCEEDED, "migrated in simulation");
                changed = true;
            }
        }
        for (int h = 0; h < nh; h++) {
            if (hostAlive[h] && (power[h] == PowerState.BOOTING || power[h] == PowerState.SHUTTING_DOWN)
                    && transitionEnd[h] <= now + TIME_EPSILON) {
                power[h] = power[h] == PowerState.BOOTING ? PowerState.ON : PowerState.OFF;
                listener.powerChanged(h, power[h]);
                changed = true;
            }
        }
        if (nextWorkloadChange <= now + TIME_EPSILON) {
            resampleDue();
            changed = true;
        }
        if (changed || stateDirty) {
            recompute();
        }
    }

    private void resampleDue() {
        double next = Double.POSITIVE_INFINITY;
        for (int g = 0; g < ng; g++) {
            if (!guestAlive[g]) {
                continue;
            }
            if (nextSample[g] <= now + TIME_EPSILON) {
                sample(g);
            }
            next = Math.min(next, nextSample[g]);
        }
        nextWorkloadChange = next;
    }

    private void sample(int g) {
        Workload w = guestSpec[g].workload();
        double t = now - guestStart[g];
        double v = w.demandAt(t);
        workloadValue[g] = v > 0 ? v : 0; // negative or NaN counts as nothing
        double n = w.nextChange(t);
        double next = Double.isNaN(n) ? now + settings.maxStepSeconds() : guestStart[g] + n;
        // Rounding must never schedule the next sample at or before now (that would stop time).
        nextSample[g] = next > now + TIME_EPSILON ? next : now + settings.maxStepSeconds();
    }

    // ==== migrations ===========================================================================================

    private double dirtyRate(int g) {
        SimulatedGuest spec = guestSpec[g];
        double rate = spec.dirtyRateMiBps();
        if (spec.dirtyRatePerUtilization() > 0) {
            int h = guestHost[g];
            double cap = spec.vcpus() * hostSpec[h].coreMips();
            rate += spec.dirtyRatePerUtilization() * Math.min(1, workloadValue[g] / cap);
        }
        return rate;
    }

    /** Ends a migration: the guest moves on success; the listener hears of it. */
    private void end(Migration m, Outcome outcome, String detail) {
        migrations.remove(m);
        int g = m.guest;
        long mem = guestSpec[g].memoryMiB();
        if (outcome == Outcome.SUCCEEDED) {
            guestHost[g] = m.target;
            memCommitted[m.source] -= mem;
            cpuNanos[g] = 0; // a new QEMU process on the target: its CPU-time counter restarts
            migrationsSucceeded++;
        } else {
            memCommitted[m.target] -= mem;
        }
        guestMigration[g] = null;
        m.phase = Migration.Phase.DONE;
        stateDirty = true;
        listener.migrationEnded(m.ended(outcome, detail));
    }

    private double linkRate(Migration m) {
        if (cloudsim) {
            return hostSpec[m.source].bandwidthMiBps();
        }
        double r = Math.min(hostSpec[m.source].bandwidthMiBps() / Math.max(1, linkUsers[m.source]),
                hostSpec[m.target].bandwidthMiBps() / Math.max(1, linkUsers[m.target]));
        return m.cap > 0 ? Math.min(r, m.cap) : r;
    }

    // ==== state ===============================================================================================

    /** Recomputes every host's and guest's CPU, power and rates from the current demands and migrations. */
    private void recompute() {
        stateDirty = false;
        Arrays.fill(linkUsers, 0, nh, 0);
        for (int i = 0; i < migrations.size(); i++) {
            Migration m = migrations.get(i);
            if (m.sending()) {
                linkUsers[m.source]++;
                linkUsers[m.target]++;
            }
        }
        for (int i = 0; i < migrations.size(); i++) {
            Migration m = migrations.get(i);
            m.rate = m.phase == Migration.Phase.POST_COPY_SWITCH ? 0 : linkRate(m);
        }
        if (cloudsim) {
            recomputeCloudsim();
        } else {
            recomputePhysical();
        }
    }

    private void recomputePhysical() {
        Arrays.fill(demand, 0, nh, 0);
        Arrays.fill(overhead, 0, nh, 0);
        Arrays.fill(capShort, 0, nh, 0);
        Arrays.fill(hasGuests, 0, nh, false);
        double over = settings.destinationOverhead();
        for (int g = 0; g < ng; g++) {
            if (!guestAlive[g]) {
                continue;
            }
            int h = guestHost[g];
            SimulatedGuest spec = guestSpec[g];
            double asked = stopped[g] ? 0 : workloadValue[g];
            // A guest uses at most one core per vCPU: what it asks beyond that is lost on this host.
            double w = Math.min(asked, spec.vcpus() * hostSpec[h].coreMips());
            Migration m = guestMigration[g];
            double d = m != null && m.paused() ? 0 : w;
            want[g] = asked;
            guestDemand[g] = d;
            demand[h] += d;
            capShort[h] += asked - w;
            hasGuests[h] = true;
            if (m != null) {
                overhead[m.target] += over * d;
                hasGuests[m.target] = true;
            }
        }
        for (int h = 0; h < nh; h++) {
            if (!hostAlive[h]) {
                continue;
            }
            double c = hostSpec[h].capacity();
            double d = demand[h] + overhead[h];
            scale[h] = d > c ? c / d : 1;
            util[h] = Math.min(d, c) / c;
            share[h] = d / c;
            violated[h] = d > c * (1 + 1e-12) || capShort[h] > 1e-9;
            lostRate[h] = Math.max(0, d - c) + capShort[h];
            watts[h] = watts(h, util[h]);
            active[h] = hasGuests[h] && power[h] == PowerState.ON;
        }
        double keep = 1 - settings.sourceDegradation();
        for (int g = 0; g < ng; g++) {
            if (!guestAlive[g]) {
                continue;
            }
            Migration m = guestMigration[g];
            double a = guestDemand[g] * scale[guestHost[g]];
            allocated[g] = m != null && !m.paused() ? a * keep : a;
        }
    }

    /** CloudSim 3.0.3's time-shared allocation with over-subscription, floor included (see {@link EngineSettings.Model}). */
    private void recomputeCloudsim() {
        Arrays.fill(capSum, 0, nh, 0);
        Arrays.fill(reqTot, 0, nh, 0);
        Arrays.fill(utilMips, 0, nh, 0);
        Arrays.fill(hasGuests, 0, nh, false);
        double over = settings.destinationOverhead();
        double keep = 1 - settings.sourceDegradation();
        for (int g = 0; g < ng; g++) {
            if (!guestAlive[g]) {
                continue;
            }
            int h = guestHost[g];
            double req = workloadValue[g];
            double pe = guestSpec[g].vcpus() * hostSpec[h].coreMips();
            capSum[h] += Math.min(req, pe);
            reqTot[h] += req;
            hasGuests[h] = true;
            Migration m = guestMigration[g];
            if (m != null) {
                int d = m.target;
                capSum[d] += Math.min(req, guestSpec[g].vcpus() * hostSpec[d].coreMips()) * over;
                reqTot[d] += req;
                hasGuests[d] = true;
            }
        }
        for (int g = 0; g < ng; g++) {
            if (!guestAlive[g]) {
                continue;
            }
            int h = guestHost[g];
            double total = hostSpec[h].capacity();
            double req = workloadValue[g];
            Migration m = guestMigration[g];
            boolean migrating = m != null;
            double c = Math.min(req, guestSpec[g].vcpus() * hostSpec[h].coreMips());
            double alloc;
            if (capSum[h] > total) {
                alloc = Math.floor(c * (total / capSum[h]) * (migrating ? keep : 1));
            } else {
                alloc = migrating ? c * keep : c;
            }
            utilMips[h] += migrating ? alloc / keep : alloc;
            allocated[g] = alloc;
            want[g] = req;
            guestDemand[g] = c;
            if (migrating) {
                int d = m.target;
                double dTotal = hostSpec[d].capacity();
                double cd = Math.min(req, guestSpec[g].vcpus() * hostSpec[d].coreMips()) * over;
                utilMips[d] += capSum[d] > dTotal ? Math.floor(cd * (dTotal / capSum[d])) : cd;
            }
        }
        for (int h = 0; h < nh; h++) {
            if (!hostAlive[h]) {
                continue;
            }
            double total = hostSpec[h].capacity();
            util[h] = Math.min(1, utilMips[h] / total);
            share[h] = reqTot[h] / total;
            scale[h] = capSum[h] > total ? total / capSum[h] : 1;
            violated[h] = utilMips[h] < reqTot[h];
            lostRate[h] = Math.max(0, reqTot[h] - utilMips[h]);
            active[h] = utilMips[h] > 0;
            watts[h] = watts(h, util[h]);
        }
    }

    private double watts(int h, double u) {
        PowerProfile p = hostSpec[h].profile();
        return switch (power[h]) {
            case ON -> p.watts(u);
            case BOOTING -> p.bootWatts();
            case SHUTTING_DOWN -> p.shutdownWatts();
            case OFF -> 0;
        };
    }

    // ==== readings ============================================================================================

    public int hostCount() {
        return nh;
    }

    public boolean hostAlive(int h) {
        return h >= 0 && h < nh && hostAlive[h];
    }

    public SimulatedHost host(int h) {
        return hostSpec[h];
    }

    public PowerState power(int h) {
        return power[h];
    }

    /** Delivered CPU over capacity, 0..1. */
    public double utilization(int h) {
        settle();
        return util[h];
    }

    /** Demand (migration overhead included; CloudSim model: requested) over capacity; may exceed 1. */
    public double demandShare(int h) {
        settle();
        return share[h];
    }

    public double watts(int h) {
        settle();
        return watts[h];
    }

    /** Energy the host drew since it was added, joules. */
    public double energyJoules(int h) {
        return hostEnergy[h];
    }

    /** CPU asked of the host and not delivered since it was added, MIPS-seconds. */
    public double lostWork(int h) {
        return hostLost[h];
    }

    /** Seconds the host spent active and overloaded. */
    public double overloadedSeconds(int h) {
        return hostOverloaded[h];
    }

    /** Memory of the guests on the host plus guests migrating to it, MiB. */
    public long memoryCommitted(int h) {
        return memCommitted[h];
    }

    /** True while guests run on the host or migrate to it. */
    public boolean busy(int h) {
        if (guestsOn(h).length() > 0) {
            return true;
        }
        for (Migration m : migrations) {
            if (m.target == h) {
                return true;
            }
        }
        return false;
    }

    public int guestCount() {
        return ng;
    }

    public boolean guestAlive(int g) {
        return g >= 0 && g < ng && guestAlive[g];
    }

    public SimulatedGuest guest(int g) {
        return guestSpec[g];
    }

    /** The host the guest runs on (its source while migrating). */
    public int hostOf(int g) {
        return guestHost[g];
    }

    public boolean stopped(int g) {
        return stopped[g];
    }

    /** What the workload asks for now, MIPS (uncapped). */
    public double workloadDemand(int g) {
        return workloadValue[g];
    }

    /** What the guest asks of its host, MIPS (PHYSICAL: capped at its vCPUs' cores, 0 while paused). */
    public double demand(int g) {
        settle();
        return guestDemand[g];
    }

    /** What it gets, MIPS. */
    public double allocated(int g) {
        settle();
        return allocated[g];
    }

    /** Cumulative CPU time of all its vCPUs, nanoseconds; restarts at 0 when a migration ends. */
    public long cpuTimeNanos(int g) {
        return (long) cpuNanos[g];
    }

    /** Demand not delivered, MIPS-seconds. */
    public double guestLostWork(int g) {
        return guestLost[g];
    }

    /** Demand not delivered while migrating, MIPS-seconds. */
    public double guestMigrationLostWork(int g) {
        return guestMigrationLost[g];
    }

    /** The guest's migration in progress, -1 when none. */
    public int migrationOf(int g) {
        Migration m = guestMigration[g];
        return m == null ? -1 : m.id;
    }

    /** A migration in progress; null when it ended or never existed. */
    public MigrationProgress progress(int migration) {
        for (Migration m : migrations) {
            if (m.id == migration) {
                return m.progress();
            }
        }
        return null;
    }

    /** Migrations in progress. */
    public int migrationsInProgress() {
        return migrations.size();
    }

    /** Watts the whole cluster draws now (CloudSim model: hosts at 0 % draw nothing). */
    public double totalWatts() {
        settle();
        double sum = 0;
        for (int h = 0; h < nh; h++) {
            if (hostAlive[h] && (!cloudsim || active[h])) {
                sum += watts[h];
            }
        }
        return sum;
    }

    /** Hosts drawing power now: not OFF (CloudSim model: above 0 % CPU). */
    public int hostsDrawingPower() {
        settle();
        int n = 0;
        for (int h = 0; h < nh; h++) {
            if (hostAlive[h] && (cloudsim ? active[h] : power[h] != PowerState.OFF)) {
                n++;
            }
        }
        return n;
    }

    /** Cluster-wide integrals since the start or the last {@link #resetTotals()}. */
    public EngineTotals totals() {
        return new EngineTotals(now - totalsSince, energy, requested, lost, migrationLost, activeSeconds,
                overloadedSeconds, migrationsStarted, migrationsSucceeded, boots, shutdowns);
    }

    /** Starts the totals afresh from now (e.g. to leave a warm-up out of the figures). Per-host integrals stay. */
    public void resetTotals() {
        totalsSince = now;
        energy = 0;
        requested = 0;
        lost = 0;
        migrationLost = 0;
        activeSeconds = 0;
        overloadedSeconds = 0;
        migrationsStarted = 0;
        migrationsSucceeded = 0;
        boots = 0;
        shutdowns = 0;
    }

    // ==== helpers =============================================================================================

    private StringJoiner guestsOn(int h) {
        StringJoiner on = new StringJoiner(", ");
        for (int g = 0; g < ng; g++) {
            if (guestAlive[g] && guestHost[g] == h) {
                on.add(guestSpec[g].id());
            }
        }
        return on;
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

    private static double seconds(java.time.Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    private void growHosts(int n) {
        if (n <= hostAlive.length) {
            return;
        }
        int c = Math.max(n, hostAlive.length * 2);
        hostAlive = Arrays.copyOf(hostAlive, c);
        hostSpec = Arrays.copyOf(hostSpec, c);
        power = Arrays.copyOf(power, c);
        transitionEnd = Arrays.copyOf(transitionEnd, c);
        memCommitted = Arrays.copyOf(memCommitted, c);
        linkUsers = Arrays.copyOf(linkUsers, c);
        demand = Arrays.copyOf(demand, c);
        overhead = Arrays.copyOf(overhead, c);
        capShort = Arrays.copyOf(capShort, c);
        capSum = Arrays.copyOf(capSum, c);
        reqTot = Arrays.copyOf(reqTot, c);
        utilMips = Arrays.copyOf(utilMips, c);
        scale = Arrays.copyOf(scale, c);
        util = Arrays.copyOf(util, c);
        share = Arrays.copyOf(share, c);
        watts = Arrays.copyOf(watts, c);
        lostRate = Arrays.copyOf(lostRate, c);
        hasGuests = Arrays.copyOf(hasGuests, c);
        active = Arrays.copyOf(active, c);
        violated = Arrays.copyOf(violated, c);
        hostEnergy = Arrays.copyOf(hostEnergy, c);
        hostLost = Arrays.copyOf(hostLost, c);
        hostOverloaded = Arrays.copyOf(hostOverloaded, c);
    }

    private void growGuests(int n) {
        if (n <= guestAlive.length) {
            return;
        }
        int c = Math.max(n, guestAlive.length * 2);
        guestAlive = Arrays.copyOf(guestAlive, c);
        guestSpec = Arrays.copyOf(guestSpec, c);
        guestHost = Arrays.copyOf(guestHost, c);
        stopped = Arrays.copyOf(stopped, c);
        guestStart = Arrays.copyOf(guestStart, c);
        guestMigration = Arrays.copyOf(guestMigration, c);
        workloadValue = Arrays.copyOf(workloadValue, c);
        nextSample = Arrays.copyOf(nextSample, c);
        want = Arrays.copyOf(want, c);
        guestDemand = Arrays.copyOf(guestDemand, c);
        allocated = Arrays.copyOf(allocated, c);
        cpuNanos = Arrays.copyOf(cpuNanos, c);
        guestLost = Arrays.copyOf(guestLost, c);
        guestMigrationLost = Arrays.copyOf(guestMigrationLost, c);
    }
}
