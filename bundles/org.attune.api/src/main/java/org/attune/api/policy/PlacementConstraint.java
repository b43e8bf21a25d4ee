package org.attune.api.policy;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A rule about where guests may run (keep two guests apart, keep a guest on a group of hosts, at most N guests per
 * host...). Constraints travel in the {@link org.attune.api.ClusterView}, so every policy sees them; the shared
 * cluster model asks them before every move it projects, and the orchestrator's validator asks them again before
 * it executes an action. A hard constraint written once is therefore honoured by every policy and by every
 * intermediate state of a plan (the validator replays the plan's moves in order).
 *
 * <p><b>Threading:</b> may be called from several threads at once; implementations are immutable.
 * <p><b>Blocking:</b> called for every candidate move of a plan: no I/O, no locks, return in microseconds.
 * <p><b>Errors:</b> an exception is a bug in the constraint; the model treats it as a refusal naming the exception.
 *
 * @since 1.1
 */
@ConsumerType
public interface PlacementConstraint {

    /** The constraint's name as the journal and the shell show it, e.g. {@code anti-affinity db-pair}. */
    String name();

    /** Hard constraints are never violated by a plan; soft ones are weighed and reported when they cannot be met. */
    boolean hard();

    /**
     * Ids of the guests this constraint is about; empty when it concerns every guest (a per-host rule such as a
     * maximum number of guests). Lets the model skip the constraint for the other guests. Stable for the object's
     * lifetime.
     */
    Set<String> guests();

    /**
     * Why {@code guestId} may not run on {@code hostId} while every other guest is where {@code placement} says, or
     * null when it may. The guest itself may still appear in {@code placement} at its current host: ignore it there.
     *
     * @param placement the (possibly projected) placement of the rest of the cluster
     * @return a short reason naming the rule, e.g. "keeps db1 and db2 apart", or null
     */
    String refusal(PlacementState placement, String guestId, String hostId);
}
