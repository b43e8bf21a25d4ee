/**
 * The one cluster model: {@link org.attune.model.ClusterModel}, the "what if" projection every policy, the
 * orchestrator's validator and the benchmark share (CPU and memory per host with migrations in flight on both
 * ends, power states and profiles, demand history, placement constraints), and {@link org.attune.model.Aggregate}
 * for per-host sums of per-guest vectors.
 */
@Export
@Version("1.0.0")
package org.attune.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
