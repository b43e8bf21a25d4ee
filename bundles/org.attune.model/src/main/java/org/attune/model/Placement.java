package org.attune.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.attune.api.Guest;
import org.attune.api.Host;

/**
 * Where a {@link ClusterModel} projects its guests and what that puts on each host: the guests on (or going to) the
 * host in order, the guests still leaving it (moved away from their source, they hold their memory there until
 * their migration ends), the memory of both, the CPU demand of the guests on it (plain and capped at each guest's
 * cores there), and the migrations into and out of it. {@link #relocate} keeps all of these consistent and tells
 * the model's {@link Aggregate}s which hosts changed; {@link #unrelocate} reverts a relocation exactly, position on
 * the host included.
 *
 * <p>Not thread-safe: one per model, used like it.
 */
final class Placement {

    private static final int[] NONE = new int[0];

    private final Host[] hosts;
    private final Guest[] guests;
    // The model's, read only: each guest's host before this plan, and its CPU demand.
    private final int[] source;
    private final double[] demand;

    private final int[] hostOf;
    private final int[][] on;
    private final int[] onSize;
    private final int[][] leaving;
    private final int[] leavingSize;
    private final long[] memoryOn;
    private final long[] memoryLeaving;
    private final double[] demandOn;
    private final double[] cappedOn;
    private final int[] incoming;
    private final int[] outgoing;
    private final List<Aggregate> aggregates = new ArrayList<>(2);

    /** Nothing placed yet; {@code source} and {@code demand} are the model's arrays, read as they fill. */
    Placement(Host[] hosts, Guest[] guests, int[] source, double[] demand) {
        this.hosts = hosts;
        this.guests = guests;
        this.source = source;
        this.demand = demand;
        int nh = hosts.length;
        hostOf = new int[guests.length];
        on = new int[nh][];
        onSize = new int[nh];
        leaving = new int[nh][];
        leavingSize = new int[nh];
        memoryOn = new long[nh];
        memoryLeaving = new long[nh];
        demandOn = new double[nh];
        cappedOn = new double[nh];
        incoming = new int[nh];
        outgoing = new int[nh];
        Arrays.fill(on, NONE);
        Arrays.fill(leaving, NONE);
    }

    /** Places guest {@code g} where it is before any migration ({@code h}, -1 when unplaced). */
    void place(int g, int h) {
        hostOf[g] = h;
        if (h >= 0) {
            attach(g, h);
        }
    }

    /** Sets the CPU demand on host {@code h} as measured before any move. */
    void startDemand(int h, double d) {
        demandOn[h] = d;
    }

    /** Changes to host sums invalidate {@code a}'s sums for that host. */
    void watch(Aggregate a) {
        aggregates.add(a);
    }

    /** The host the guest is on or going to; -1 when unplaced or evicted. */
    int hostOf(int g) {
        return hostOf[g];
    }

    int guestCount(int h) {
        return onSize[h];
    }

    int guestOn(int h, int i) {
        return on[h][i];
    }

    /** The guests on host {@code h}: the internal array, valid up to {@link #guestCount(int)}. */
    int[] onArray(int h) {
        return on[h];
    }

    int leavingCount(int h) {
        return leavingSize[h];
    }

    int leavingAt(int h, int i) {
        return leaving[h][i];
    }

    /** Position of guest {@code g} among the guests on host {@code h}. */
    int indexOn(int h, int g) {
        return indexOf(on[h], onSize[h], g);
    }

    /** CPU demand of the guests on or going to the host, as summed (may dip below 0 by rounding). */
    double demandOn(int h) {
        return demandOn[h];
    }

    /** Demand of the guests on or going to the host, each capped at its cores there, as summed. */
    double cappedOn(int h) {
        return cappedOn[h];
    }

    long memoryOn(int h) {
        return memoryOn[h];
    }

    long memoryLeaving(int h) {
        return memoryLeaving[h];
    }

    int incoming(int h) {
        return incoming[h];
    }

    int outgoing(int h) {
        return outgoing[h];
    }

    /** The demand guest {@code g} can get on host {@code h}: at most one core per vCPU there. */
    double cappedDemand(int g, int h) {
        int v = Math.max(1, guests[g].vcpus());
        return Math.min(demand[g], v * hosts[h].coreCapacity());
    }

    /**
     * Moves the guest's projected place from where it is to {@code to} (-1: nowhere, evicted); the guest's origin
     * keeps its memory while the guest is projected elsewhere or nowhere.
     */
    void relocate(int g, int to) {
        int from = hostOf[g];
        if (from >= 0) {
            leave(g, from);
        }
        if (to >= 0) {
            arrive(g, to, onSize[to]);
        }
        hostOf[g] = to;
    }

    /**
     * Reverts a relocation of guest {@code g} from {@code from} to {@code to}, putting it back at position
     * {@code index} on {@code from}. The CPU sums are restored by {@link #restoreCpu}: an emptied host reads 0,
     * which arithmetic cannot undo.
     */
    void unrelocate(int g, int from, int to, int index) {
        if (to >= 0) {
            leave(g, to);
        }
        if (from >= 0) {
            arrive(g, from, index);
        }
        hostOf[g] = from;
    }

    /** Sets host {@code h}'s CPU sums back to values read before a relocation. */
    void restoreCpu(int h, double demandSum, double cappedSum) {
        demandOn[h] = demandSum;
        cappedOn[h] = cappedSum;
    }

    /** The guest leaves host {@code h} in the projection; leaving its origin, it still holds its memory there. */
    private void leave(int g, int h) {
        detach(g, h);
        demandOn[h] -= demand[g];
        if (onSize[h] == 0) {
            demandOn[h] = 0; // no rounding residue on an empty host
            cappedOn[h] = 0;
        }
        if (h == source[g]) {
            addLeaving(h, g);
            memoryLeaving[h] += guests[g].memoryMiB();
            outgoing[h]++;
        } else {
            incoming[h]--;
        }
        touched(h);
    }

    /** The guest arrives on host {@code h} at position {@code index}; back at its origin, it no longer leaves it. */
    private void arrive(int g, int h, int index) {
        if (h == source[g]) {
            removeLeaving(h, g);
            memoryLeaving[h] -= guests[g].memoryMiB();
            outgoing[h]--;
        } else {
            incoming[h]++;
        }
        attachAt(g, h, index);
        demandOn[h] += demand[g];
        touched(h);
    }

    private void attach(int g, int h) {
        if (onSize[h] == on[h].length) {
            on[h] = Arrays.copyOf(on[h], Math.max(4, onSize[h] * 2));
        }
        on[h][onSize[h]++] = g;
        memoryOn[h] += guests[g].memoryMiB();
        cappedOn[h] += cappedDemand(g, h);
    }

    private void attachAt(int g, int h, int index) {
        attach(g, h);
        int[] list = on[h];
        System.arraycopy(list, index, list, index + 1, onSize[h] - 1 - index);
        list[index] = g;
    }

    private void detach(int g, int h) {
        int i = indexOf(on[h], onSize[h], g);
        System.arraycopy(on[h], i + 1, on[h], i, onSize[h] - i - 1);
        onSize[h]--;
        memoryOn[h] -= guests[g].memoryMiB();
        cappedOn[h] -= cappedDemand(g, h);
    }

    private void addLeaving(int h, int g) {
        if (leavingSize[h] == leaving[h].length) {
            leaving[h] = Arrays.copyOf(leaving[h], Math.max(2, leavingSize[h] * 2));
        }
        leaving[h][leavingSize[h]++] = g;
    }

    private void removeLeaving(int h, int g) {
        int i = indexOf(leaving[h], leavingSize[h], g);
        System.arraycopy(leaving[h], i + 1, leaving[h], i, leavingSize[h] - i - 1);
        leavingSize[h]--;
    }

    private static int indexOf(int[] list, int size, int g) {
        for (int i = 0; i < size; i++) {
            if (list[i] == g) {
                return i;
            }
        }
        throw new IllegalStateException("guest " + g + " not in list");
    }

    private void touched(int h) {
        for (int i = 0; i < aggregates.size(); i++) {
            aggregates.get(i).invalidate(h);
        }
    }
}
