/**
 * The field's dynamic-consolidation baselines of Beloglazov &amp; Buyya (CCPE 2012) as Attune policies:
 * {@link org.attune.policy.beloglazov.BeloglazovPolicy} with its {@link org.attune.policy.beloglazov.BeloglazovSettings}
 * (overload detection {@link org.attune.policy.beloglazov.Detection} THR, IQR, MAD, LR, LRR; minimum migration time;
 * power-aware best fit decreasing). Exported so that the benchmark, tests and tools can build a variant without
 * OSGi; in Karaf each factory configuration registers one.
 */
@Export
@Version("1.0.0")
package org.attune.policy.beloglazov;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
