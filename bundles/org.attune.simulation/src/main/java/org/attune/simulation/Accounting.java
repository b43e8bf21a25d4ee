package org.attune.simulation;

import java.util.Arrays;

/**
 * The engine's integrals over simulated time: per host (energy, lost work, overloaded seconds) and per guest (CPU
 * time, lost work, work lost while migrating), kept in {@link Hosts} and {@link Guests}, and the cluster-wide totals
 * with counts of migrations, boots and shutdowns, which can be started afresh ({@link #reset}).
 *
 * <p>Between two events the state is constant, so an interval is integrated in one step ({@link #integrate}). The
 * CloudSim model counts only active hosts' energy, and accounts an interval at whose end workloads change as
 * CloudSim does: the trapezoid of the power before and after the change, on the hosts active before it
 * ({@link #openTrapezoid}, then {@link #closeTrapezoid} once the new state is computed).
 *
 * <p>Not thread-safe: the engine owns it and serialises access.
 */
final class Accounting {

    private final boolean cloudsim;
    private final Hosts hosts;
    private final Guests guests;
    private double since;
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

    Accounting(EngineSettings settings, Hosts hosts, Guests guests) {
        this.cloudsim = settings.model() == EngineSettings.Model.CLOUDSIM;
        this.hosts = hosts;
        this.guests = guests;
    }

    /** Integrates {@code dt} seconds of the current state. */
    void integrate(double dt) {
        integrate(dt, true);
    }

    /**
     * Integrates {@code dt} seconds of the current state with half the interval's energy, at the power before a
     * change of workloads at its end; returns the hosts active before it, for {@link #closeTrapezoid}.
     */
    boolean[] openTrapezoid(double dt) {
        boolean[] wasActive = Arrays.copyOf(hosts.active, hosts.count);
        halfEnergy(wasActive, dt);
        integrate(dt, false);
        return wasActive;
    }

    /** Adds the other half of the interval's energy, at the power after the change, on the same hosts. */
    void closeTrapezoid(boolean[] wasActive, double dt) {
        halfEnergy(wasActive, dt);
    }

    void migrationStarted() {
        migrationsStarted++;
    }

    void migrationSucceeded() {
        migrationsSucceeded++;
    }

    void booted() {
        boots++;
    }

    void shutDown() {
        shutdowns++;
    }

    /** The totals from the last {@link #reset} (or the start) to {@code now}. */
    EngineTotals totals(double now) {
        return new EngineTotals(now - since, energy, requested, lost, migrationLost, activeSeconds,
                overloadedSeconds, migrationsStarted, migrationsSucceeded, boots, shutdowns);
    }

    /** Starts the totals afresh from {@code now}; per-host and per-guest integrals stay. */
    void reset(double now) {
        since = now;
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

    private void halfEnergy(boolean[] wasActive, double dt) {
        for (int h = 0; h < hosts.count; h++) {
            if (hosts.alive[h] && wasActive[h]) {
                addEnergy(h, hosts.watts[h] * dt / 2);
            }
        }
    }

    private void addEnergy(int h, double joules) {
        hosts.energy[h] += joules;
        energy += joules;
    }

    private void integrate(double dt, boolean withEnergy) {
        for (int h = 0; h < hosts.count; h++) {
            if (!hosts.alive[h]) {
                continue;
            }
            if (withEnergy && (!cloudsim || hosts.active[h])) {
                addEnergy(h, hosts.watts[h] * dt);
            }
            if (hosts.active[h]) {
                activeSeconds += dt;
                if (hosts.violated[h]) {
                    overloadedSeconds += dt;
                    hosts.overloaded[h] += dt;
                }
            }
            double l = hosts.lostRate[h] * dt;
            hosts.lost[h] += l;
            lost += l;
        }
        for (int g = 0; g < guests.count; g++) {
            if (!guests.alive[g]) {
                continue;
            }
            int h = guests.host[g];
            guests.cpuNanos[g] += guests.allocated[g] / hosts.spec[h].coreMips() * dt * 1e9;
            guests.lost[g] += (guests.want[g] - guests.allocated[g]) * dt;
            double req = guests.want[g];
            requested += req * dt;
            if (guests.migration[g] != null && guests.allocated[g] < req) {
                double ml = (req - guests.allocated[g]) * dt;
                guests.migrationLost[g] += ml;
                migrationLost += ml;
            }
        }
    }
}
