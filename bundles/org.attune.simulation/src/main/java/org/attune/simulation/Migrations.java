package org.attune.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.attune.api.driver.MigrationResult.Outcome;

/**
 * The migrations in progress, in the order they started: starting one (its guest's memory reserved on the target),
 * sending one to another target, sharing the hosts' links among those sending, ending the phases that are due, and
 * ending a migration (on success the guest moves and its source frees its memory, otherwise the target frees it).
 *
 * <p>Links (PHYSICAL model): every migration that is sending gets an equal share of each of its hosts' links, the
 * slower of the two, capped by its request. In the CloudSim model a migration has its source's whole link. A
 * guest's dirty rate is its constant rate plus its rate per utilisation times its utilisation of its vCPUs.
 *
 * <p>Not thread-safe: the engine owns it and serialises access.
 */
final class Migrations {

    private final EngineSettings settings;
    private final boolean cloudsim;
    private final Hosts hosts;
    private final Guests guests;
    private final List<Migration> inProgress = new ArrayList<>();
    private int sequence;

    Migrations(EngineSettings settings, Hosts hosts, Guests guests) {
        this.settings = settings;
        this.cloudsim = settings.model() == EngineSettings.Model.CLOUDSIM;
        this.hosts = hosts;
        this.guests = guests;
    }

    int size() {
        return inProgress.size();
    }

    /** The i-th migration in progress, oldest first. */
    Migration get(int i) {
        return inProgress.get(i);
    }

    /** A copy of the migrations in progress, to end some of them while going through it. */
    List<Migration> snapshot() {
        return new ArrayList<>(inProgress);
    }

    /** The migration in progress with handle {@code id}; null when none. */
    Migration find(int id) {
        for (Migration m : inProgress) {
            if (m.id == id) {
                return m;
            }
        }
        return null;
    }

    /** The oldest migration in progress to host {@code h}; null when none. */
    Migration firstTo(int h) {
        for (Migration m : inProgress) {
            if (m.target == h) {
                return m;
            }
        }
        return null;
    }

    /**
     * Starts migrating guest {@code g} to host {@code target} at {@code now} and reserves its memory there; the
     * caller checked that it may. CloudSim model: one transfer; else pre-copy when live, stop-and-copy when not.
     */
    Migration start(int g, int target, MigrationRequest request, double now) {
        SimulatedGuest spec = guests.spec[g];
        double maxDowntime = Double.isNaN(request.maxDowntimeSeconds()) ? settings.maxDowntimeSeconds()
                : request.maxDowntimeSeconds();
        Migration.Phase first = cloudsim ? Migration.Phase.TRANSFER
                : request.live() ? Migration.Phase.PRE_COPY : Migration.Phase.STOP_AND_COPY;
        Migration m = new Migration(sequence++, g, guests.host[g], target, request, maxDowntime,
                spec.memoryMiB(), now, first, first == Migration.Phase.PRE_COPY ? dirtyRate(g) : 0);
        inProgress.add(m);
        guests.migration[g] = m;
        hosts.memCommitted[target] += spec.memoryMiB();
        return m;
    }

    /** Sends migration {@code m} to host {@code target} instead: the new target reserves the memory, the old frees it. */
    void retarget(Migration m, int target) {
        long mem = guests.spec[m.guest].memoryMiB();
        hosts.memCommitted[m.target] -= mem;
        hosts.memCommitted[target] += mem;
        m.target = target;
    }

    /** The earliest instant a phase ends, given it is {@code now}; infinity when no migration is in progress. */
    double earliestPhaseEnd(double now) {
        double next = Double.POSITIVE_INFINITY;
        for (int i = 0; i < inProgress.size(); i++) {
            next = Math.min(next, now + inProgress.get(i).timeToPhaseEnd());
        }
        return next;
    }

    /** Every migration sends for {@code dt} seconds at its current rate. */
    void advance(double dt) {
        for (int i = 0; i < inProgress.size(); i++) {
            inProgress.get(i).advance(dt);
        }
    }

    /**
     * Moves every migration whose phase has ended on to its next phase, as many phases as end now; those that
     * finished are left in DONE for the caller to {@link #end}.
     *
     * @return true when a phase ended
     */
    boolean endDuePhases() {
        boolean changed = false;
        for (int i = 0; i < inProgress.size(); i++) {
            Migration m = inProgress.get(i);
            while (m.phase != Migration.Phase.DONE && m.timeToPhaseEnd() <= SimulationEngine.TIME_EPSILON) {
                m.nextPhase(linkRate(m), dirtyRate(m.guest));
                changed = true;
            }
        }
        return changed;
    }

    /** Ends migration {@code m}: on success its guest moves to the target and restarts its CPU-time counter. */
    SimulationEngine.MigrationEnd end(Migration m, Outcome outcome, String detail) {
        inProgress.remove(m);
        int g = m.guest;
        long mem = guests.spec[g].memoryMiB();
        if (outcome == Outcome.SUCCEEDED) {
            guests.host[g] = m.target;
            hosts.memCommitted[m.source] -= mem;
            guests.cpuNanos[g] = 0; // a new QEMU process on the target: its CPU-time counter restarts
        } else {
            hosts.memCommitted[m.target] -= mem;
        }
        guests.migration[g] = null;
        m.phase = Migration.Phase.DONE;
        return m.ended(outcome, detail);
    }

    /** Counts the migrations sending over each host's link and sets every migration's rate from its share. */
    void shareLinks() {
        int[] users = hosts.linkUsers;
        Arrays.fill(users, 0, hosts.count, 0);
        for (int i = 0; i < inProgress.size(); i++) {
            Migration m = inProgress.get(i);
            if (m.sending()) {
                users[m.source]++;
                users[m.target]++;
            }
        }
        for (int i = 0; i < inProgress.size(); i++) {
            Migration m = inProgress.get(i);
            m.rate = m.phase == Migration.Phase.POST_COPY_SWITCH ? 0 : linkRate(m);
        }
    }

    private double linkRate(Migration m) {
        if (cloudsim) {
            return hosts.spec[m.source].bandwidthMiBps();
        }
        double r = Math.min(hosts.spec[m.source].bandwidthMiBps() / Math.max(1, hosts.linkUsers[m.source]),
                hosts.spec[m.target].bandwidthMiBps() / Math.max(1, hosts.linkUsers[m.target]));
        return m.cap > 0 ? Math.min(r, m.cap) : r;
    }

    private double dirtyRate(int g) {
        SimulatedGuest spec = guests.spec[g];
        double rate = spec.dirtyRateMiBps();
        if (spec.dirtyRatePerUtilization() > 0) {
            int h = guests.host[g];
            double cap = spec.vcpus() * hosts.spec[h].coreMips();
            rate += spec.dirtyRatePerUtilization() * Math.min(1, guests.workload[g] / cap);
        }
        return rate;
    }
}
