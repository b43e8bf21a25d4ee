/**
 * The P3 locality policy without OSGi: {@link org.attune.policy.locality.LocalityPolicy} (bring the guests that
 * exchange the most traffic onto one host when capacity allows) and its validated settings
 * {@link org.attune.policy.locality.LocalitySettings}. Exported so that the benchmark, tests and tools can build the
 * policy with a constructor; the OSGi component and its configuration stay internal.
 */
@Export
@Version("1.0.0")
package org.attune.policy.locality;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
