/**
 * The policy SPI: a pure function from a {@link org.attune.api.ClusterView} to a {@link org.attune.api.policy.Plan},
 * and the placement constraints every plan honours.
 */
@Export
@Version("1.1.0")
package org.attune.api.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
