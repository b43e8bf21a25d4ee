/**
 * Shared test support for Attune's tests, never part of a feature: {@link org.attune.testing.SystemTest} tags tests
 * that need more than the JVM (packages, daemons, processes); {@link org.attune.testing.cluster} builds hand-made
 * {@link org.attune.api.ClusterView}s, test placement constraints and plan checks for policy tests;
 * {@link org.attune.testing.sim} runs a policy in the real control loop on a simulated cluster in virtual time.
 *
 * <p>Depends on the orchestrator, the model and the simulated driver, so their own tests cannot use it; every other
 * module's tests can (test scope).
 */
@Export
@Version("1.0.0")
package org.attune.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
