/**
 * A thread-safe metrics store with bounded history per subject and metric.
 */
@Export
@Version("1.0.0")
package org.attune.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
