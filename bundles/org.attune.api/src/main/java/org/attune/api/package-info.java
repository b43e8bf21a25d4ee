/**
 * Attune's domain model: hosts, guests, subjects, samples and the immutable {@link org.attune.api.ClusterView}.
 */
@Export
@Version("1.2.0")
package org.attune.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
