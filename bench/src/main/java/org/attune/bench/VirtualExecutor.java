package org.attune.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.attune.api.ClusterView;
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerState;
import org.attune.api.driver.MigrationMode;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.model.validation.PlanValidator;
import org.attune.model.validation.Validation;
import org.attune.simulation.MigrationRequest;
import org.attune.simulation.SimulationEngine;
import org.attune.simulation.SimulationException;

/**
 * Carries plans out on the engine the way the orchestrator does: each plan goes through the
 * {@link PlanValidator} with the setup's limits and the cooldown; accepted actions start at once, deferred ones wait
 * and are validated again whenever a migration ends or a host finishes booting or shutting down, refused ones are
 * counted; what still waits when the next plan comes is dropped (the new plan supersedes it). A guest cools down for
 * {@link Setup#cooldownCycles()} cycles after its migration ends.
 *
 * <p>Not thread-safe; called from the run's loop only.
 */
final class VirtualExecutor {

    private final SimulationEngine engine;
    private final PlanValidator validator;
    private final Setup setup;
    private final IntFunction<ClusterView> viewNow;
    private final Map<String, Integer> hostIndex = new HashMap<>();
    private final Map<String, Integer> guestIndex = new HashMap<>();
    private final String[] hostIds;
    private final String[] guestIds;
    private final Map<Integer, MigrationInFlight> inFlight = new HashMap<>();
    private final Map<Integer, Integer> migrationOfGuest = new HashMap<>();
    private final int[] lastMovedCycle;
    private final List<Action> pending = new ArrayList<>();
    private boolean changed;
    private int cycle;
    private int refused;
    private int superseded;
    private int retargeted;
    /** CloudSim's own execution, without validation: a second move of a migrating guest re-targets it. */
    private final boolean raw;

    VirtualExecutor(SimulationEngine engine, Setup setup, IntFunction<ClusterView> viewNow, String[] hostIds,
                    String[] guestIds) {
        this(engine, setup, viewNow, hostIds, guestIds, false);
    }

    VirtualExecutor(SimulationEngine engine, Setup setup, IntFunction<ClusterView> viewNow, String[] hostIds,
                    String[] guestIds, boolean raw) {
        this.engine = engine;
        this.setup = setup;
        this.viewNow = viewNow;
        this.hostIds = hostIds;
        this.guestIds = guestIds;
        this.raw = raw;
        this.validator = new PlanValidator(setup.limits(), id -> "cooling down after its last migration (cooldownCycles="
                + setup.cooldownCycles() + ")");
        for (int h = 0; h < hostIds.length; h++) {
            hostIndex.put(hostIds[h], h);
        }
        for (int g = 0; g < guestIds.length; g++) {
            guestIndex.put(guestIds[g], g);
        }
        lastMovedCycle = new int[guestIds.length];
        java.util.Arrays.fill(lastMovedCycle, Integer.MIN_VALUE / 2);
        engine.setListener(new SimulationEngine.Listener() {
            @Override
            public void migrationEnded(SimulationEngine.MigrationEnd end) {
                inFlight.remove(end.guest());
                migrationOfGuest.remove(end.guest());
                lastMovedCycle[end.guest()] = cycle;
                changed = true;
            }

            @Override
            public void powerChanged(int host, PowerState state) {
                changed = true;
            }
        });
    }

    /** Drops what the previous plan left waiting: the next plan supersedes it. */
    void supersede() {
        superseded += pending.size();
        pending.clear();
    }

    /** Validates the plan against {@code view} and starts what may start; keeps what must wait. */
    void execute(Plan plan, int cycle, ClusterView view) {
        this.cycle = cycle;
        if (raw) {
            for (Action a : plan.actions()) {
                startRaw(a);
            }
            return;
        }
        apply(validator.validate(view, plan.actions()));
    }

    /** After engine events: validates the waiting actions again when something changed. */
    void afterEvents(int cycle) {
        if (pending.isEmpty() || !changed) {
            changed = false;
            return;
        }
        changed = false;
        List<Action> waiting = new ArrayList<>(pending);
        pending.clear();
        apply(validator.validate(viewNow.apply(cycle), waiting));
    }

    private void apply(Validation v) {
        for (Validation.Step s : v.steps()) {
            switch (s.verdict()) {
                case ACCEPTED -> start(s.action());
                case DEFERRED -> pending.add(s.action());
                case REFUSED -> refused++;
            }
        }
    }

    private void start(Action a) {
        try {
            if (a instanceof Action.Migrate m) {
                int g = guestIndex.get(m.guestId());
                int to = hostIndex.get(m.toHostId());
                int id = engine.migrate(g, to, m.mode() == MigrationMode.REGULAR ? MigrationRequest.REGULAR
                        : MigrationRequest.LIVE);
                migrationOfGuest.put(g, id);
                inFlight.put(g, new MigrationInFlight(m.guestId(), m.fromHostId(), m.toHostId(),
                        Instant.ofEpochMilli((long) (engine.now() * 1000)), -1));
            } else if (a instanceof Action.PowerOn p) {
                engine.powerOn(hostIndex.get(p.hostId()));
            } else if (a instanceof Action.PowerOff p) {
                engine.powerOff(hostIndex.get(p.hostId()));
            }
        } catch (SimulationException e) {
            refused++; // the engine refused what the validator let through: counted, the run goes on
        }
    }

    /** CloudSim 3.0.3: every migration of the plan starts; a guest moved twice is re-targeted, and both count. */
    private void startRaw(Action a) {
        if (!(a instanceof Action.Migrate m)) {
            refused++; // CloudSim's hosts switch on and off by themselves
            return;
        }
        Integer g = guestIndex.get(m.guestId());
        Integer from = hostIndex.get(m.fromHostId());
        Integer to = hostIndex.get(m.toHostId());
        if (g == null || from == null || to == null || from.equals(to) || !engine.guestAlive(g)) {
            refused++;
            return;
        }
        Integer running = migrationOfGuest.get(g);
        if (running != null) {
            MigrationInFlight f = inFlight.get(g);
            if (!hostIds[from].equals(f.toHostId()) || engine.hostOf(g) == to) {
                refused++;
                return;
            }
            engine.retarget(running, to);
            inFlight.put(g, new MigrationInFlight(f.guestId(), f.fromHostId(), m.toHostId(), f.started(), -1));
            retargeted++;
            return;
        }
        if (engine.hostOf(g) != from) {
            refused++;
            return;
        }
        start(a);
    }

    List<MigrationInFlight> inFlight() {
        return List.copyOf(inFlight.values());
    }

    /** Guests cooling down after a migration that ended fewer than cooldownCycles cycles ago. */
    Set<String> pinned(int currentCycle) {
        Set<String> result = new HashSet<>();
        if (setup.cooldownCycles() <= 0) {
            return result;
        }
        for (int g = 0; g < lastMovedCycle.length; g++) {
            if (currentCycle - lastMovedCycle[g] < setup.cooldownCycles()) {
                result.add(guestIds[g]);
            }
        }
        return result;
    }

    int refused() {
        return refused;
    }

    int superseded() {
        return superseded;
    }

    int retargeted() {
        return retargeted;
    }
}
