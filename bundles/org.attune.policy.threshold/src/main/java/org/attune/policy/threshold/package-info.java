/**
 * The threshold policy without OSGi: {@link org.attune.policy.threshold.ThresholdPolicy} (relieve hosts that stay
 * hot, consolidate hosts that stay cold, place an application tier by its request rate), its validated settings
 * {@link org.attune.policy.threshold.ThresholdSettings} and the {@link org.attune.policy.threshold.TierRule}.
 * Exported so that the benchmark, tests and tools can build the policy with a constructor; the OSGi component and its
 * configuration stay internal.
 */
@Export
@Version("1.0.0")
package org.attune.policy.threshold;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
