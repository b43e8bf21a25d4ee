/**
 * Attune's own placement policy: {@link org.attune.policy.forecast.ForecastPolicy} with its
 * {@link org.attune.policy.forecast.ForecastSettings}. Exported so that the benchmark, tests and tools can build it
 * without OSGi; in Karaf the component registers it as {@code forecast}.
 */
@Export
@Version("1.0.0")
package org.attune.policy.forecast;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
