/**
 * The P2 energy policy without OSGi: {@link org.attune.policy.energy.EnergyPolicy} (consolidate, power empty hosts
 * off, power hosts on one boot time before the running ones run out of capacity) and its validated settings
 * {@link org.attune.policy.energy.EnergySettings}. Exported so that the benchmark, tests and tools can build the
 * policy with a constructor; the OSGi component and its configuration stay internal.
 */
@Export
@Version("1.0.0")
package org.attune.policy.energy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
