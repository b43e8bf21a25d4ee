/**
 * A policy in the real control loop on a simulated cluster, in virtual time:
 * {@link org.attune.testing.sim.SimulatedLoop} wires a {@link org.attune.driver.sim.StandaloneSimCluster} and a
 * {@link org.attune.orchestrator.standalone.StandaloneOrchestrator} to one
 * {@link org.attune.driver.sim.VirtualClock}, steps the clock in fixed steps (processing pending actions), runs
 * cycles, and keeps a per-cycle timeline and the journal for assertions.
 *
 * <p><b>Threading:</b> one test drives a loop; simulated time moves only on its thread. Power actions run on the
 * orchestrator's worker and are waited for before time moves on. <b>Blocking:</b> a cycle takes what the
 * orchestrator's cycle takes (probes, policy) plus at most 5 s of wall time per power action. <b>Errors:</b> a missing
 * cluster or a cycle that is not a whole number of steps is an {@link java.lang.IllegalStateException}; plugins that
 * fail are journaled, see {@link org.attune.testing.sim.SimulatedLoop#failures()}.
 */
@Export
@Version("1.0.0")
package org.attune.testing.sim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
