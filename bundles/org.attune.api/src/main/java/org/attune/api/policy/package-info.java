/**
 * The policy SPI: a pure function from a {@link org.attune.api.ClusterView} to a {@link org.attune.api.policy.Plan}.
 */
@Export
@Version("1.0.0")
package org.attune.api.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
