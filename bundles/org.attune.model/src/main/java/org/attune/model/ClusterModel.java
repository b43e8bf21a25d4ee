package org.attune.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.driver.MigrationMode;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.PlacementState;
import org.attune.api.policy.Plan;

/**
 * The one "what if" model of the cluster: a mutable projection over a {@link ClusterView} that policies, the
 * orchestrator's validator and the benchmark share, so that a rule added here is honoured by all of them.
 *
 * <p>Hosts and guests are addressed by index (their position in {@link ClusterView#hosts()} and
 * {@link ClusterView#guests()}), which keeps plans over 300,000 guests allocation-light; {@link #hostIndex} and
 * {@link #guestIndex} translate ids. The model starts from the view:
 * <ul>
 * <li><b>Placement</b> is projected: a guest migrating is counted on its target ({@link #hostOf}), and
 *     {@link #move} projects a move of the plan the same way.</li>
 * <li><b>Memory</b> is reserved on both ends until a migration ends: a guest in flight or moved by this plan
 *     still holds its memory on the host it leaves ({@link #memoryUsed}), so a move that {@link #fits} can start
 *     at once. {@link #memoryAfterMoves} is the memory once every move has ended.</li>
 * <li><b>CPU</b> demand ({@link Metrics#CPU_DEMAND}, capacity units) is counted where guests are going. A host's
 *     starting demand is its own {@code cpu.demand} sample when it has one (it includes what no guest sample
 *     shows), else the sum of its guests'.</li>
 * <li><b>Power</b>: the host's {@link PowerProfile} and its power state, with the transitions this plan asks
 *     for ({@link #powerOn}, {@link #powerOff}).</li>
 * <li><b>Constraints</b>: the view's {@link PlacementConstraint}s are asked before a move is called feasible;
 *     hard ones refuse, soft ones are counted ({@link #softViolations}). They are evaluated with the guests
 *     leaving a host still on it, so a rule holds in every intermediate state of a plan.</li>
 * </ul>
 * Every change is logged: {@link #mark()} and {@link #rollback(int)} undo trials exactly (order of guests on a
 * host included). {@link #actions()} are the plan's actions so far, in order.
 *
 * <p>Not thread-safe: one model per plan. Building one is O(hosts + guests) plus one metric lookup per guest.
 */
public final class ClusterModel implements PlacementState {

    private static final double EPSILON = 1e-9;

    private final ClusterView view;

    // hosts
    private final int nh;
    private final Host[] hosts;
    private final Map<String, Integer> hostIndex;
    private final int[] driver;
    private final PowerState[] power;

    // guests
    private final int ng;
    private final Guest[] guests;
    private final Map<String, Integer> guestIndex;
    private final int[] source;
    private final double[] demand;
    private final boolean[] measured;
    private final boolean[] pinned;
    private final boolean[] inFlight;
    private final boolean[] moved;
    private final int[] evictedFrom;
    private final Series[] history;

    // The projection's bookkeeping per host, the constraints asked about it, the plan's actions, and the log that
    // undoes changes to the projection and the actions.
    private final Placement placement;
    private final Constraints constraints;
    private final List<Action> actions = new ArrayList<>();
    private final UndoLog log;

    private ClusterModel(ClusterView view) {
        this.view = view;
        List<Host> hl = view.hosts();
        nh = hl.size();
        hosts = hl.toArray(new Host[0]);
        hostIndex = new HashMap<>(nh * 2);
        driver = new int[nh];
        power = new PowerState[nh];
        Map<String, Integer> drivers = new HashMap<>();
        for (int h = 0; h < nh; h++) {
            hostIndex.put(hosts[h].id(), h);
            driver[h] = drivers.computeIfAbsent(hosts[h].driverId(), k -> drivers.size());
            power[h] = hosts[h].power();
        }

        List<Guest> gl = view.guests();
        ng = gl.size();
        guests = gl.toArray(new Guest[0]);
        guestIndex = new HashMap<>(ng * 2);
        source = new int[ng];
        demand = new double[ng];
        measured = new boolean[ng];
        pinned = new boolean[ng];
        inFlight = new boolean[ng];
        moved = new boolean[ng];
        evictedFrom = new int[ng];
        Arrays.fill(evictedFrom, -1);
        history = new Series[ng];
        placement = new Placement(hosts, guests, source, demand);
        log = new UndoLog(placement, moved, evictedFrom, power, actions);
        double[] guestSum = new double[nh];
        for (int g = 0; g < ng; g++) {
            Guest guest = guests[g];
            guestIndex.put(guest.id(), g);
            Series s = view.metrics().series(Subject.guest(guest.id()), Metrics.CPU_DEMAND);
            history[g] = s;
            measured[g] = !s.isEmpty();
            demand[g] = Math.max(0, s.latest(0));
            pinned[g] = view.isPinned(guest.id());
            Integer h = hostIndex.get(view.hostOf(guest.id()));
            int hi = h == null ? -1 : h;
            source[g] = hi;
            placement.place(g, hi);
            if (hi >= 0) {
                guestSum[hi] += demand[g];
            }
        }
        for (int h = 0; h < nh; h++) {
            Series own = view.metrics().series(Subject.host(hosts[h].id()), Metrics.CPU_DEMAND);
            placement.startDemand(h, own.isEmpty() ? guestSum[h] : Math.max(0, own.latest(0)) * hosts[h].cpuCapacity());
        }
        for (MigrationInFlight m : view.inFlight().values()) {
            Integer g = guestIndex.get(m.guestId());
            if (g == null) {
                continue;
            }
            // In flight wherever it is placed: a driver may report the guest on its target before the job has
            // reported its end, and the guest must not be moved again meanwhile.
            inFlight[g] = true;
            pinned[g] = true;
            Integer to = hostIndex.get(m.toHostId());
            if (to == null || placement.hostOf(g) < 0 || placement.hostOf(g) == to) {
                continue;
            }
            relocate(g, to);
        }
        constraints = new Constraints(this, hosts, guests, view.constraints(), guestIndex);
        log.clear();
    }

    /** A model of the view as it stands, with its in-flight migrations and constraints. */
    public static ClusterModel of(ClusterView view) {
        return new ClusterModel(view);
    }

    @Override
    public ClusterView view() {
        return view;
    }

    public int hostCount() {
        return nh;
    }

    /** The host's index, -1 when the view has no such host. */
    public int hostIndex(String hostId) {
        Integer h = hostId == null ? null : hostIndex.get(hostId);
        return h == null ? -1 : h;
    }

    public Host host(int h) {
        return hosts[h];
    }

    public double capacity(int h) {
        return hosts[h].cpuCapacity();
    }

    /** Capacity of one of the host's cores: the most one vCPU can use there. */
    public double coreCapacity(int h) {
        return hosts[h].coreCapacity();
    }

    /** Memory available to guests, MiB. */
    public long memory(int h) {
        return hosts[h].memoryMiB();
    }

    public PowerProfile profile(int h) {
        return hosts[h].powerProfile();
    }

    /** Whether guests can migrate between the two hosts: same driver. */
    public boolean sameDriver(int a, int b) {
        return driver[a] == driver[b];
    }

    /** The host's power state with this plan's transitions: a host powered on by the plan is BOOTING. */
    public PowerState power(int h) {
        return power[h];
    }

    /** Reachable and ON: guests may start migrating to it now. */
    public boolean usable(int h) {
        return power[h] == PowerState.ON && hosts[h].availability() == Availability.ONLINE && capacity(h) > 0;
    }

    /** ON, or booting (by this plan or before it): it can be a migration's target once it has booted. */
    public boolean canReceive(int h) {
        return (power[h] == PowerState.ON || power[h] == PowerState.BOOTING)
                && hosts[h].availability() == Availability.ONLINE && capacity(h) > 0;
    }

    /** OFF and reachable: the plan may power it on. */
    public boolean wakeable(int h) {
        return power[h] == PowerState.OFF && hosts[h].availability() == Availability.ONLINE && capacity(h) > 0;
    }

    /** Guests on (or going to) the host. */
    public int guestCount(int h) {
        return placement.guestCount(h);
    }

    /** The i-th guest on the host: the view's order first, then guests in the order they arrived. */
    public int guestOn(int h, int i) {
        return placement.guestOn(h, i);
    }

    /** A copy of the guests on (or going to) the host. */
    public int[] guestsOnHost(int h) {
        return Arrays.copyOf(placement.onArray(h), placement.guestCount(h));
    }

    /** Guests still leaving the host (in flight or moved by this plan): they hold memory there until they are gone. */
    public int leavingCount(int h) {
        return placement.leavingCount(h);
    }

    /** True when no guest is on, going to or leaving the host. */
    public boolean empty(int h) {
        return placement.guestCount(h) == 0 && placement.leavingCount(h) == 0;
    }

    /** CPU demanded on the host by the guests on or going to it, capacity units. */
    public double demandOn(int h) {
        return Math.max(0, placement.demandOn(h));
    }

    /** {@link #demandOn} as a share of capacity (may exceed 1). */
    public double share(int h) {
        double c = capacity(h);
        return c <= 0 ? 0 : demandOn(h) / c;
    }

    /** What the host can actually give its guests: each guest's demand capped at its vCPUs' cores, summed. */
    public double cappedDemandOn(int h) {
        return Math.max(0, placement.cappedOn(h));
    }

    /** Memory held on the host: guests on it, going to it, and still leaving it. MiB. */
    public long memoryUsed(int h) {
        return placement.memoryOn(h) + placement.memoryLeaving(h);
    }

    /** Memory free now (guests leaving still hold theirs). */
    public long memoryFree(int h) {
        return memory(h) - memoryUsed(h);
    }

    /** Memory of the guests on or going to the host: what it holds once every move has ended. */
    public long memoryAfterMoves(int h) {
        return placement.memoryOn(h);
    }

    /** Migrations into the host: in flight and moved there by this plan. */
    public int incoming(int h) {
        return placement.incoming(h);
    }

    /** Migrations out of the host: in flight and moved away by this plan. */
    public int outgoing(int h) {
        return placement.outgoing(h);
    }

    public int guestCount() {
        return ng;
    }

    /** The guest's index, -1 when the view has no such guest. */
    public int guestIndex(String guestId) {
        Integer g = guestId == null ? null : guestIndex.get(guestId);
        return g == null ? -1 : g;
    }

    public Guest guest(int g) {
        return guests[g];
    }

    /** Newest CPU demand, capacity units; 0 when unmeasured. */
    public double demand(int g) {
        return demand[g];
    }

    /** The demand the guest can get on host {@code h}: at most one core per vCPU there. */
    public double cappedDemand(int g, int h) {
        return placement.cappedDemand(g, h);
    }

    /** True when the guest has at least one {@code cpu.demand} sample. */
    public boolean measured(int g) {
        return measured[g];
    }

    /** The guest's {@code cpu.demand} history, oldest first. */
    public Series history(int g) {
        return history[g];
    }

    /** The view pins it (cooling down, held by a rule) or it is migrating: plans leave it where it is. */
    public boolean pinned(int g) {
        return pinned[g];
    }

    /** A migration of the guest is in flight. */
    public boolean inFlight(int g) {
        return inFlight[g];
    }

    /** The guest was moved by this plan. */
    public boolean movedByPlan(int g) {
        return moved[g];
    }

    /** The host the guest is on or going to; -1 when unplaced. */
    public int hostOf(int g) {
        return placement.hostOf(g);
    }

    /** The host the guest is on now, before its migration in flight or this plan's move; -1 when unplaced. */
    public int sourceOf(int g) {
        return source[g];
    }

    /**
     * Why guest {@code g} may not start moving to host {@code h} now, or null when it may: the host must differ
     * from where the guest is going, be ON (or booting), belong to the same driver, have as many cores as the guest
     * has vCPUs and the memory free (guests leaving still hold theirs); and no hard constraint may object.
     * Pinned guests are not checked here: see {@link #pinned}.
     */
    public String refusal(int g, int h) {
        String basic = basicRefusal(g, h);
        if (basic != null) {
            return basic;
        }
        if (memoryUsed(h) + guests[g].memoryMiB() > memory(h)) {
            return host(h).name() + " has " + Math.max(0, memoryFree(h)) + " MiB free, " + guests[g].name()
                    + " needs " + guests[g].memoryMiB() + " MiB";
        }
        return constraintRefusal(g, h, true);
    }

    /**
     * As {@link #refusal} but against the state once every move has ended (guests leaving gone): what a move
     * that has to wait for earlier moves can count on.
     */
    public String refusalAfterMoves(int g, int h) {
        String basic = basicRefusal(g, h);
        if (basic != null) {
            return basic;
        }
        if (memoryAfterMoves(h) + guests[g].memoryMiB() > memory(h)) {
            return host(h).name() + " will have " + Math.max(0, memory(h) - memoryAfterMoves(h)) + " MiB free, "
                    + guests[g].name() + " needs " + guests[g].memoryMiB() + " MiB";
        }
        return constraintRefusal(g, h, false);
    }

    /**
     * As {@link #refusal} for a host the plan would power on first: its power state is not held against it (it must
     * be reachable).
     */
    public String refusalIfPoweredOn(int g, int h) {
        String basic = basicRefusal(g, h, true);
        if (basic != null) {
            return basic;
        }
        if (memoryUsed(h) + guests[g].memoryMiB() > memory(h)) {
            return host(h).name() + " has " + Math.max(0, memoryFree(h)) + " MiB free, " + guests[g].name()
                    + " needs " + guests[g].memoryMiB() + " MiB";
        }
        return constraintRefusal(g, h, true);
    }

    private String basicRefusal(int g, int h) {
        return basicRefusal(g, h, false);
    }

    private String basicRefusal(int g, int h, boolean anyPower) {
        Host target = hosts[h];
        if (hostOf(g) == h) {
            return guests[g].name() + " is already on " + target.name();
        }
        if (anyPower ? target.availability() != Availability.ONLINE || capacity(h) <= 0 : !canReceive(h)) {
            return target.name() + " is " + target.availability() + "/" + power[h]
                    + (target.detail().isEmpty() ? "" : " (" + target.detail() + ")");
        }
        int from = hostOf(g) >= 0 ? hostOf(g) : source[g];
        if (from >= 0 && !sameDriver(from, h)) {
            return target.name() + " belongs to another driver than " + hosts[from].name();
        }
        if (target.cpus() > 0 && guests[g].vcpus() > target.cpus()) {
            return target.name() + " has " + target.cpus() + " cores, " + guests[g].name() + " has "
                    + guests[g].vcpus() + " vCPUs";
        }
        return null;
    }

    /** True when guest {@code g} may start moving to host {@code h} now ({@link #refusal} is null); builds no message. */
    public boolean fits(int g, int h) {
        return canReceive(h) && fitsIgnoringPower(g, h);
    }

    /** {@link #fits} for a host the plan would power on first (it must be reachable); builds no message. */
    public boolean fitsIfPoweredOn(int g, int h) {
        return hosts[h].availability() == Availability.ONLINE && capacity(h) > 0 && fitsIgnoringPower(g, h);
    }

    private boolean fitsIgnoringPower(int g, int h) {
        if (hostOf(g) == h) {
            return false;
        }
        int from = hostOf(g) >= 0 ? hostOf(g) : source[g];
        if (from >= 0 && driver[from] != driver[h]) {
            return false;
        }
        Host target = hosts[h];
        if (target.cpus() > 0 && guests[g].vcpus() > target.cpus()) {
            return false;
        }
        if (placement.memoryOn(h) + placement.memoryLeaving(h) + guests[g].memoryMiB() > target.memoryMiB()) {
            return false;
        }
        return !constrained(g) || constraintRefusal(g, h, true) == null;
    }

    /** {@link #fits} and the host's CPU demand with the guest stays at or below {@code ceiling} x capacity. */
    public boolean fits(int g, int h, double ceiling) {
        return demandOn(h) + demand[g] <= ceiling * capacity(h) + EPSILON && fits(g, h);
    }

    /** Soft constraints the guest would break on host {@code h}. */
    public int softViolations(int g, int h) {
        return constraints.softViolations(g, h);
    }

    /**
     * The hard constraint that objects to guest {@code g} on host {@code h}, with its reason, or null.
     *
     * @param whileLeaving true: guests leaving a host still count there (the state while migrations run)
     */
    public String constraintRefusal(int g, int h, boolean whileLeaving) {
        return constraints.refusal(g, h, whileLeaving);
    }

    /** The hard constraint that objects to guest {@code g} on host {@code h} (while migrations run), or null. */
    public PlacementConstraint objectingConstraint(int g, int h) {
        return constraints.objecting(g, h);
    }

    /** Hard constraints the guest breaks where it is (or is going), by name. */
    public List<String> violations(int g) {
        int h = hostOf(g);
        return h < 0 ? new ArrayList<>() : constraints.violations(g, h);
    }

    /** Whether any constraint concerns this guest. */
    public boolean constrained(int g) {
        return constraints.concern(g);
    }

    @Override
    public String hostOf(String guestId) {
        int g = guestIndex(guestId);
        int h = g < 0 ? -1 : hostOf(g);
        return h < 0 ? null : hosts[h].id();
    }

    @Override
    public List<String> guestsOn(String hostId) {
        int h = hostIndex(hostId);
        if (h < 0) {
            return List.of();
        }
        int onHost = placement.guestCount(h);
        int leavingHost = constraints.whileLeaving() ? placement.leavingCount(h) : 0;
        List<String> ids = new ArrayList<>(onHost + leavingHost);
        for (int i = 0; i < onHost; i++) {
            ids.add(guests[placement.guestOn(h, i)].id());
        }
        for (int i = 0; i < leavingHost; i++) {
            ids.add(guests[placement.leavingAt(h, i)].id());
        }
        return ids;
    }

    @Override
    public long memoryUsed(String hostId) {
        int h = hostIndex(hostId);
        return h < 0 ? 0 : memoryUsed(h);
    }

    @Override
    public double cpuDemand(String hostId) {
        int h = hostIndex(hostId);
        return h < 0 ? 0 : demandOn(h);
    }

    /**
     * Projects a live migration of guest {@code g} to host {@code to} and adds it to the plan's actions. The
     * caller checked {@link #fits}; the model does not refuse (the validator does, later). A guest moved twice in
     * one plan is re-targeted: one migration from where it is now; moved back there, it has no migration at all.
     */
    public void move(int g, int to, String reason) {
        move(g, to, MigrationMode.LIVE, reason, false);
    }

    /** As {@link #move(int, int, String)} with a migration mode. */
    public void move(int g, int to, MigrationMode mode, String reason) {
        move(g, to, mode, reason, false);
    }

    /**
     * Projects a migration of guest {@code g} to host {@code to}: from its source, or, for an {@link #evict evicted}
     * guest, from the host it was taken off.
     *
     * @param chain for a guest the plan already moved: true adds a further migration from where the plan put it (what
     *              CloudSim 3.0.3 executes; the validator refuses such plans), false re-targets the first one
     */
    public void move(int g, int to, MigrationMode mode, String reason, boolean chain) {
        int from = source[g];
        if (from < 0 || to == hostOf(g)) {
            throw new IllegalArgumentException("guest " + guests[g].name() + " cannot move to " + hosts[to].name()
                    + (from < 0 ? ": it is not placed" : ": it is already there"));
        }
        int actionFrom = from;
        int previousAction = -1;
        if (moved[g]) {
            if (chain) {
                actionFrom = hostOf(g) >= 0 ? hostOf(g) : evictedFrom[g];
            } else {
                for (int i = actions.size() - 1; i >= 0; i--) {
                    if (actions.get(i) instanceof Action.Migrate m && m.guestId().equals(guests[g].id())) {
                        previousAction = i;
                        break;
                    }
                }
            }
        }
        log.markAction(actions.size(), previousAction >= 0 ? actions.get(previousAction) : null, previousAction);
        if (previousAction >= 0) {
            actions.remove(previousAction);
        }
        boolean wasMoved = moved[g];
        log.flag(g, wasMoved);
        // Back where it is now: the plan no longer moves it (a migration from a host to itself is no action).
        boolean back = wasMoved && !chain && to == from;
        moved[g] = !back;
        relocate(g, to);
        if (!back) {
            actions.add(new Action.Migrate(guests[g].id(), hosts[actionFrom].id(), hosts[to].id(), mode, reason));
        }
    }

    /**
     * Takes guest {@code g} off its host in the projection without placing it anywhere yet (its memory stays held on
     * the host it is leaving), so that a plan can ask what the host looks like without it and then {@link #move} it
     * or {@link #restore} it. No action is recorded.
     */
    public void evict(int g) {
        if (hostOf(g) < 0) {
            throw new IllegalArgumentException("guest " + guests[g].name() + " is not placed");
        }
        log.evicted(g, evictedFrom[g]);
        evictedFrom[g] = hostOf(g);
        relocate(g, -1);
    }

    /** Puts an {@link #evict evicted} guest back on the host it was taken off (last in its order); no action. */
    public void restore(int g) {
        if (hostOf(g) >= 0 || evictedFrom[g] < 0) {
            throw new IllegalArgumentException("guest " + guests[g].name() + " is not evicted");
        }
        int back = evictedFrom[g];
        log.evicted(g, evictedFrom[g]);
        evictedFrom[g] = -1;
        relocate(g, back);
    }

    /** True while the guest is {@link #evict evicted}. */
    public boolean evicted(int g) {
        return hostOf(g) < 0 && evictedFrom[g] >= 0;
    }

    /** Projects powering host {@code h} on (it becomes BOOTING) and adds the action. */
    public void powerOn(int h, String reason) {
        if (!wakeable(h)) {
            throw new IllegalArgumentException("host " + hosts[h].name() + " cannot be powered on: it is "
                    + hosts[h].availability() + "/" + power[h]);
        }
        log.markAction(actions.size(), null, -1);
        log.power(h, power[h]);
        power[h] = PowerState.BOOTING;
        actions.add(new Action.PowerOn(hosts[h].id(), reason));
    }

    /** Projects powering an empty host off (it becomes SHUTTING_DOWN) and adds the action. */
    public void powerOff(int h, String reason) {
        int onHost = placement.guestCount(h);
        if (onHost > 0 || (power[h] != PowerState.ON && power[h] != PowerState.BOOTING)) {
            throw new IllegalArgumentException("host " + hosts[h].name() + " cannot be powered off: "
                    + (onHost > 0 ? onHost + " guest(s) on it" : "it is " + power[h]));
        }
        log.markAction(actions.size(), null, -1);
        log.power(h, power[h]);
        power[h] = PowerState.SHUTTING_DOWN;
        actions.add(new Action.PowerOff(hosts[h].id(), reason));
    }

    /**
     * Projects powering off every host that is ON and has no guest left on it; guests still leaving keep their
     * memory there until they arrive, which the reason says. Returns how many hosts it switched off.
     */
    public int powerOffEmptyHosts() {
        int off = 0;
        for (int h = 0; h < hosts.length; h++) {
            if (power[h] == PowerState.ON && placement.guestCount(h) == 0) {
                powerOff(h, hosts[h].name() + " is empty"
                        + (leavingCount(h) > 0 ? " once its guests have left" : "") + ": switched off");
                off++;
            }
        }
        return off;
    }

    /** A point to {@link #rollback} to. */
    public int mark() {
        return log.size();
    }

    /** Undoes every change since {@code mark}, newest first; the actions they added go too. */
    public void rollback(int mark) {
        log.undo(mark);
    }

    /** The plan's actions so far, in order (a copy). */
    public List<Action> actions() {
        return List.copyOf(actions);
    }

    /** The plan made of the actions so far. */
    public Plan plan(String policy, List<String> notes) {
        return new Plan(policy, actions, notes);
    }

    /**
     * A per-host sum of a per-guest vector (e.g. demand history), kept up to date as guests move and rolled back
     * with them. Sums are computed when first asked for and after a host's guests change.
     */
    public Aggregate aggregate(int length, Aggregate.GuestVector vector) {
        Aggregate a = new Aggregate(this, length, vector);
        placement.watch(a);
        return a;
    }

    /** Relocates the guest in the projection (-1: nowhere, evicted), logged for {@link #rollback}. */
    private void relocate(int g, int to) {
        log.relocating(g, to);
        placement.relocate(g, to);
    }

    /** Guests on host {@code h} for {@link Aggregate}: the internal array, valid up to {@link #guestCount(int)}. */
    int[] onArray(int h) {
        return placement.onArray(h);
    }
}
