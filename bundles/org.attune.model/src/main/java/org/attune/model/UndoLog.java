package org.attune.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.attune.api.PowerState;
import org.attune.api.policy.Action;

/**
 * The undo log of a {@link ClusterModel}: every change to the projection as a typed record in flat arrays, so that
 * a plan can try a change and take it back exactly ({@link #undo}, newest first), order of guests on a host
 * included, without allocating per change. A record is a relocation (with the CPU sums it overwrote: an emptied host
 * reads 0, which arithmetic cannot undo), a guest's moved-by-plan flag, the host a guest was evicted from, a host's
 * power state, or a change to the plan's actions (the list's length and the action a re-targeted move replaced).
 *
 * <p>It restores the state it is given: the model's placement, its moved, evicted-from and power arrays and its
 * action list, shared with the model. Not thread-safe: one per model, used like it.
 */
final class UndoLog {

    private static final int RELOCATE = 0;
    private static final int FLAG = 1;
    private static final int POWER = 2;
    private static final int ACTION = 3;
    private static final int EVICTED = 4;

    private final Placement placement;
    private final boolean[] moved;
    private final int[] evictedFrom;
    private final PowerState[] power;
    private final List<Action> actions;

    private int[] type = new int[64];
    private int[] a = new int[64];
    private int[] b = new int[64];
    private int[] c = new int[64];
    private int[] d = new int[64];
    // the CPU sums of both hosts before a relocation
    private double[] demandFrom = new double[64];
    private double[] demandTo = new double[64];
    private double[] cappedFrom = new double[64];
    private double[] cappedTo = new double[64];
    private final List<Object> objects = new ArrayList<>();
    private int size;

    UndoLog(Placement placement, boolean[] moved, int[] evictedFrom, PowerState[] power, List<Action> actions) {
        this.placement = placement;
        this.moved = moved;
        this.evictedFrom = evictedFrom;
        this.power = power;
        this.actions = actions;
    }

    /** Records so far: a mark to {@link #undo} to. */
    int size() {
        return size;
    }

    /** Forgets every record: what was done so far can no longer be undone. */
    void clear() {
        size = 0;
        objects.clear();
    }

    /** Guest {@code g} is about to be relocated to {@code to} (-1: nowhere); reads what it will change. */
    void relocating(int g, int to) {
        int from = placement.hostOf(g);
        int i = add(RELOCATE, g, from, to, from < 0 ? 0 : placement.indexOn(from, g));
        demandFrom[i] = from < 0 ? 0 : placement.demandOn(from);
        demandTo[i] = to < 0 ? 0 : placement.demandOn(to);
        cappedFrom[i] = from < 0 ? 0 : placement.cappedOn(from);
        cappedTo[i] = to < 0 ? 0 : placement.cappedOn(to);
    }

    void flag(int g, boolean wasMoved) {
        add(FLAG, g, wasMoved ? 1 : 0, 0, 0);
    }

    void evicted(int g, int previousEvictedFrom) {
        add(EVICTED, g, previousEvictedFrom, 0, 0);
    }

    void power(int h, PowerState previous) {
        add(POWER, h, previous.ordinal(), 0, 0);
    }

    /** The action list had {@code actionCount} entries; {@code replaced} was removed from {@code index}. */
    void markAction(int actionCount, Action replaced, int index) {
        objects.add(replaced);
        add(ACTION, actionCount, index, objects.size() - 1, 0);
    }

    /** Undoes every record after {@code mark}, newest first. */
    void undo(int mark) {
        while (size > mark) {
            size--;
            switch (type[size]) {
                case RELOCATE -> {
                    placement.unrelocate(a[size], b[size], c[size], d[size]);
                    if (b[size] >= 0) {
                        placement.restoreCpu(b[size], demandFrom[size], cappedFrom[size]);
                    }
                    if (c[size] >= 0) {
                        placement.restoreCpu(c[size], demandTo[size], cappedTo[size]);
                    }
                }
                case FLAG -> moved[a[size]] = b[size] == 1;
                case POWER -> power[a[size]] = PowerState.values()[b[size]];
                case EVICTED -> evictedFrom[a[size]] = b[size];
                case ACTION -> {
                    int count = a[size];
                    Action replaced = (Action) objects.remove(c[size]);
                    while (actions.size() > count - (replaced == null ? 0 : 1)) {
                        actions.remove(actions.size() - 1);
                    }
                    if (replaced != null) {
                        actions.add(b[size], replaced);
                    }
                }
                default -> throw new IllegalStateException("unknown log record " + type[size]);
            }
        }
    }

    private int add(int t, int va, int vb, int vc, int vd) {
        if (size == type.length) {
            int n = size * 2;
            type = Arrays.copyOf(type, n);
            a = Arrays.copyOf(a, n);
            b = Arrays.copyOf(b, n);
            c = Arrays.copyOf(c, n);
            d = Arrays.copyOf(d, n);
            demandFrom = Arrays.copyOf(demandFrom, n);
            demandTo = Arrays.copyOf(demandTo, n);
            cappedFrom = Arrays.copyOf(cappedFrom, n);
            cappedTo = Arrays.copyOf(cappedTo, n);
        }
        type[size] = t;
        a[size] = va;
        b[size] = vb;
        c[size] = vc;
        d[size] = vd;
        return size++;
    }
}
