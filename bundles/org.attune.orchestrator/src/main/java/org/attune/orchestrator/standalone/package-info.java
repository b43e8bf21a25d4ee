/**
 * The orchestrator's control loop outside OSGi, for tests, tools and benchmarks: {@link
 * org.attune.orchestrator.standalone.StandaloneOrchestrator} runs the same loop (monitor, plan, validate, execute)
 * the Karaf component runs, on a {@link java.time.Clock} of the caller's choosing, with plugins added and removed
 * by hand; {@link org.attune.orchestrator.standalone.OrchestratorSettings} are its validated settings;
 * {@link org.attune.orchestrator.standalone.StandaloneGuestLifecycle} creates and destroys guests end to end.
 *
 * <p><b>Threading:</b> every method may be called from any thread. Cycles and the processing of pending actions
 * run one at a time; an operator's migration is validated and started atomically with respect to them. Migrations
 * end on their drivers' threads; power actions, provisioners and (by default) the processing of pending actions
 * run on the orchestrator's worker threads. For a run on a virtual clock, build the orchestrator with
 * {@link org.attune.orchestrator.standalone.StandaloneOrchestrator.Builder#manualPendingActions()}: then nothing
 * runs on its own but power actions, and the caller decides when pending actions are looked at again.
 * <p><b>Blocking:</b> {@code runCycle} blocks for the probes (at most the probe timeout, all probes together) and
 * the policy; {@code migrate} for the driver to start the migration; nothing else blocks for long. A power
 * controller is never called on the caller's thread.
 * <p><b>Errors:</b> plugins that throw are journaled and the loop goes on (a failing policy is an {@code ERROR}
 * entry, a failing probe a {@code PROBE_ERROR}); bad input to the operator methods is an
 * {@link java.lang.IllegalArgumentException} naming what exists, a move that must wait an
 * {@link java.lang.IllegalStateException} saying for what; invalid settings are an
 * {@link java.lang.IllegalArgumentException} naming every bad value.
 */
@Export
@Version("1.0.0")
package org.attune.orchestrator.standalone;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
