/**
 * The P1 overbooking policy without OSGi: {@link org.attune.policy.consolidation.ConsolidationPolicy} (active guests
 * never share more CPU than a host has, inactive guests fill the remaining room) and its validated settings
 * {@link org.attune.policy.consolidation.ConsolidationSettings}. Exported so that the benchmark, tests and tools can
 * build the policy with a constructor; the OSGi component and its configuration stay internal.
 */
@Export
@Version("1.0.0")
package org.attune.policy.consolidation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
