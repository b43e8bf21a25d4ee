/**
 * Hand-made clusters for policy tests: {@link org.attune.testing.cluster.ClusterFixture} builds the
 * {@link org.attune.api.ClusterView} a policy sees (hosts, guests and their demand histories, placement, migrations
 * in flight, pins, constraints, any metric history); {@link org.attune.testing.cluster.TestConstraints} are
 * placement constraints for tests; {@link org.attune.testing.cluster.Plans} reads a plan (its migrations, power
 * actions, the placement after it) and runs it through the orchestrator's validator.
 *
 * <p>Not thread-safe: a fixture belongs to one test. The views and constraints it hands out are immutable.
 */
@Export
@Version("1.0.0")
package org.attune.testing.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
