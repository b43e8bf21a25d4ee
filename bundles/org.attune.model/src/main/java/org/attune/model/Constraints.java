package org.attune.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.PlacementState;

/**
 * A {@link ClusterModel}'s placement constraints: the view's constraints indexed by the guests they name (one that
 * names no guest concerns every guest), and their evaluation against the model as a {@link PlacementState}. A
 * constraint that throws refuses, with {@code "failed: "} and the exception, instead of failing the plan.
 *
 * <p>While an evaluation that counts guests leaving a host as still on it runs, {@link #whileLeaving()} is true,
 * and the model's {@link PlacementState#guestsOn(String)} lists those guests too: a rule then holds in every
 * intermediate state of a plan.
 *
 * <p>Not thread-safe: one per model, used like it.
 */
final class Constraints {

    private final PlacementState state;
    private final Host[] hosts;
    private final Guest[] guests;
    private final Map<Integer, List<PlacementConstraint>> ofGuest = new HashMap<>();
    private final List<PlacementConstraint> global = new ArrayList<>();
    private boolean whileLeaving;

    /**
     * Indexes {@code constraints} by guest.
     *
     * @param state      what the constraints are asked about: the model
     * @param guestIndex the model's guest indices by id; guests the view does not have are left out
     */
    Constraints(PlacementState state, Host[] hosts, Guest[] guests, List<PlacementConstraint> constraints,
                Map<String, Integer> guestIndex) {
        this.state = state;
        this.hosts = hosts;
        this.guests = guests;
        for (PlacementConstraint c : constraints) {
            if (c.guests().isEmpty()) {
                global.add(c);
            } else {
                for (String id : c.guests()) {
                    Integer g = guestIndex.get(id);
                    if (g != null) {
                        ofGuest.computeIfAbsent(g, k -> new ArrayList<>(2)).add(c);
                    }
                }
            }
        }
    }

    /** True while guests leaving a host count as still on it. */
    boolean whileLeaving() {
        return whileLeaving;
    }

    /** Whether any constraint concerns guest {@code g}. */
    boolean concern(int g) {
        return !global.isEmpty() || ofGuest.containsKey(g);
    }

    /** Soft constraints guest {@code g} would break on host {@code h}. */
    int softViolations(int g, int h) {
        int n = 0;
        for (PlacementConstraint c : applicable(g)) {
            if (!c.hard() && ask(c, g, h) != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * The hard constraint that objects to guest {@code g} on host {@code h}, with its reason, or null.
     *
     * @param leaving true: guests leaving a host still count there (the state while migrations run)
     */
    String refusal(int g, int h, boolean leaving) {
        List<PlacementConstraint> mine = applicable(g);
        if (mine.isEmpty()) {
            return null;
        }
        whileLeaving = leaving;
        try {
            for (PlacementConstraint c : mine) {
                if (c.hard()) {
                    String why = ask(c, g, h);
                    if (why != null) {
                        return "constraint " + c.name() + ": " + why;
                    }
                }
            }
            return null;
        } finally {
            whileLeaving = false;
        }
    }

    /** The hard constraint that objects to guest {@code g} on host {@code h} (while migrations run), or null. */
    PlacementConstraint objecting(int g, int h) {
        whileLeaving = true;
        try {
            for (PlacementConstraint c : applicable(g)) {
                if (c.hard() && ask(c, g, h) != null) {
                    return c;
                }
            }
            return null;
        } finally {
            whileLeaving = false;
        }
    }

    /** The hard constraints guest {@code g} breaks on host {@code h}, by name. */
    List<String> violations(int g, int h) {
        List<String> broken = new ArrayList<>();
        for (PlacementConstraint c : applicable(g)) {
            if (c.hard() && ask(c, g, h) != null) {
                broken.add(c.name());
            }
        }
        return broken;
    }

    private List<PlacementConstraint> applicable(int g) {
        List<PlacementConstraint> own = ofGuest.get(g);
        if (own == null) {
            return global;
        }
        if (global.isEmpty()) {
            return own;
        }
        List<PlacementConstraint> all = new ArrayList<>(own);
        all.addAll(global);
        return all;
    }

    private String ask(PlacementConstraint c, int g, int h) {
        try {
            return c.refusal(state, guests[g].id(), hosts[h].id());
        } catch (RuntimeException e) {
            return "failed: " + e;
        }
    }
}
