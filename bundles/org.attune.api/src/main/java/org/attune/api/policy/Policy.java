package org.attune.api.policy;

import org.attune.api.ClusterView;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A placement policy: a <b>pure</b> function from the state of the cluster to a plan.
 * Registered as an OSGi service with the property {@link #NAME}; the orchestrator runs the one whose
 * name is configured (or chosen with {@code attune:policy-use}).
 *
 * <p><b>Contract:</b> no I/O, no threads, no clocks, no state that changes the answer between calls other
 * than configuration: everything a policy needs is in the {@link ClusterView} (its {@link ClusterView#time()}
 * replaces the clock). This makes policies testable, benchmarkable on traces and swappable at any moment.
 * <p><b>Threading:</b> may be called from several threads at once (the loop and a shell {@code plan}).
 * <p><b>Blocking:</b> must return in well under the loop period.
 * <p><b>Errors:</b> an exception is recorded in the journal as a failed cycle and nothing is executed; the
 * loop keeps running.
 */
@ConsumerType
public interface Policy {

    /** Service property: the policy's name, e.g. {@code threshold}. */
    String NAME = "attune.policy.name";

    /** The policy's name; equal to its {@link #NAME} service property. */
    String name();

    /** Proposes what to do now. Actions on guests the view marks as pinned will be skipped. */
    Plan plan(ClusterView view);
}
