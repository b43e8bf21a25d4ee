package org.attune.simulation;

import java.util.Arrays;

import org.attune.api.PowerProfile;
import org.attune.api.PowerState;

/**
 * The engine's hosts as parallel arrays indexed by handle, grown together as hosts are added: what each host is,
 * its power state and when its boot or shutdown ends, the memory committed on it, what it gives and draws now (set
 * by the CPU allocation), and what it has drawn and lost since it was added. A removed host keeps its slot, marked
 * not alive, so handles stay valid.
 *
 * <p>Fields rather than accessors, for speed: the engine's loops read them millions of times a simulated day. Not
 * thread-safe: the engine owns it and serialises access.
 */
final class Hosts {

    int count;
    boolean[] alive = new boolean[8];
    SimulatedHost[] spec = new SimulatedHost[8];
    PowerState[] power = new PowerState[8];
    /** When BOOTING or SHUTTING_DOWN ends, simulated seconds. */
    double[] transitionEnd = new double[8];
    /** Memory of the guests on the host plus guests migrating to it, MiB. */
    long[] memCommitted = new long[8];
    /** Migrations sending over the host's link, as the engine last counted them. */
    int[] linkUsers = new int[8];

    // Now, as the CPU allocation last computed it.
    /** Delivered CPU over capacity, 0..1. */
    double[] util = new double[8];
    /** Demand over capacity; may exceed 1. */
    double[] share = new double[8];
    double[] watts = new double[8];
    /** CPU asked of the host and not delivered, MIPS. */
    double[] lostRate = new double[8];
    /** Counts for SLA purposes (and, in the CloudSim model, for energy). */
    boolean[] active = new boolean[8];
    /** Cannot give its guests what they ask. */
    boolean[] violated = new boolean[8];

    // Since the host was added.
    /** Joules. */
    double[] energy = new double[8];
    /** MIPS-seconds. */
    double[] lost = new double[8];
    /** Seconds active and overloaded. */
    double[] overloaded = new double[8];

    /** Adds a host, ON or OFF as its spec says; returns its handle. */
    int add(SimulatedHost host) {
        int h = count++;
        grow(count);
        alive[h] = true;
        spec[h] = host;
        power[h] = host.poweredOn() ? PowerState.ON : PowerState.OFF;
        return h;
    }

    boolean alive(int h) {
        return h >= 0 && h < count && alive[h];
    }

    /** Alive and BOOTING or SHUTTING_DOWN: its transition ends at {@link #transitionEnd}. */
    boolean inTransition(int h) {
        return alive[h] && (power[h] == PowerState.BOOTING || power[h] == PowerState.SHUTTING_DOWN);
    }

    /** What host {@code h} draws at CPU utilisation {@code u} in its power state, watts. */
    double wattsAt(int h, double u) {
        PowerProfile p = spec[h].profile();
        return switch (power[h]) {
            case ON -> p.watts(u);
            case BOOTING -> p.bootWatts();
            case SHUTTING_DOWN -> p.shutdownWatts();
            case OFF -> 0;
        };
    }

    private void grow(int n) {
        if (n <= alive.length) {
            return;
        }
        int c = Math.max(n, alive.length * 2);
        alive = Arrays.copyOf(alive, c);
        spec = Arrays.copyOf(spec, c);
        power = Arrays.copyOf(power, c);
        transitionEnd = Arrays.copyOf(transitionEnd, c);
        memCommitted = Arrays.copyOf(memCommitted, c);
        linkUsers = Arrays.copyOf(linkUsers, c);
        util = Arrays.copyOf(util, c);
        share = Arrays.copyOf(share, c);
        watts = Arrays.copyOf(watts, c);
        lostRate = Arrays.copyOf(lostRate, c);
        active = Arrays.copyOf(active, c);
        violated = Arrays.copyOf(violated, c);
        energy = Arrays.copyOf(energy, c);
        lost = Arrays.copyOf(lost, c);
        overloaded = Arrays.copyOf(overloaded, c);
    }
}
