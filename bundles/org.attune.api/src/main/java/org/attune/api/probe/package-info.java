/**
 * The probe SPI: producers of {@link org.attune.api.Sample}s.
 */
@Export
@Version("1.0.0")
package org.attune.api.probe;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
