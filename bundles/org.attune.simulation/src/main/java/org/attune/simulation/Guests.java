package org.attune.simulation;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * The engine's guests as parallel arrays indexed by handle, grown together as guests are added: what each guest is,
 * where it runs (its source while it migrates), whether it is stopped, its migration in progress, its workload's
 * latest sample, what it asks and gets now (set by the CPU allocation), and what it has used and lost since it was
 * added. A removed guest keeps its slot, marked not alive, so handles stay valid.
 *
 * <p>Fields rather than accessors, for speed: the engine's loops read them millions of times a simulated day. Not
 * thread-safe: the engine owns it and serialises access.
 */
final class Guests {

    int count;
    boolean[] alive = new boolean[8];
    SimulatedGuest[] spec = new SimulatedGuest[8];
    /** The host it runs on; its source while it migrates. */
    int[] host = new int[8];
    boolean[] stopped = new boolean[8];
    /** When it was added: its workload's time zero, simulated seconds. */
    double[] start = new double[8];
    /** Its migration in progress, null when none. */
    Migration[] migration = new Migration[8];
    /** What its workload asked for at the latest sample, MIPS, never negative. */
    double[] workload = new double[8];
    /** When its workload is sampled next, simulated seconds. */
    double[] nextSample = new double[8];

    // Now, as the CPU allocation last computed it, MIPS.
    /** What it asks for, uncapped (0 while stopped in the PHYSICAL model). */
    double[] want = new double[8];
    /** What it asks of its host. */
    double[] demand = new double[8];
    double[] allocated = new double[8];

    // Since the guest was added.
    /** CPU time of all its vCPUs, nanoseconds; restarts when a migration ends. */
    double[] cpuNanos = new double[8];
    /** Demand not delivered, MIPS-seconds. */
    double[] lost = new double[8];
    /** Demand not delivered while migrating, MIPS-seconds. */
    double[] migrationLost = new double[8];

    /** Adds a guest on host {@code h}, starting at {@code now}; returns its handle. */
    int add(SimulatedGuest guest, int h, double now) {
        int g = count++;
        grow(count);
        alive[g] = true;
        spec[g] = guest;
        host[g] = h;
        start[g] = now;
        return g;
    }

    boolean alive(int g) {
        return g >= 0 && g < count && alive[g];
    }

    /** The ids of the guests running on host {@code h}, comma-separated; empty when none. */
    StringJoiner idsOn(int h) {
        StringJoiner on = new StringJoiner(", ");
        for (int g = 0; g < count; g++) {
            if (alive[g] && host[g] == h) {
                on.add(spec[g].id());
            }
        }
        return on;
    }

    private void grow(int n) {
        if (n <= alive.length) {
            return;
        }
        int c = Math.max(n, alive.length * 2);
        alive = Arrays.copyOf(alive, c);
        spec = Arrays.copyOf(spec, c);
        host = Arrays.copyOf(host, c);
        stopped = Arrays.copyOf(stopped, c);
        start = Arrays.copyOf(start, c);
        migration = Arrays.copyOf(migration, c);
        workload = Arrays.copyOf(workload, c);
        nextSample = Arrays.copyOf(nextSample, c);
        want = Arrays.copyOf(want, c);
        demand = Arrays.copyOf(demand, c);
        allocated = Arrays.copyOf(allocated, c);
        cpuNanos = Arrays.copyOf(cpuNanos, c);
        lost = Arrays.copyOf(lost, c);
        migrationLost = Arrays.copyOf(migrationLost, c);
    }
}
