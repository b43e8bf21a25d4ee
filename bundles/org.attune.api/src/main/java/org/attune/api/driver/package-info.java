/**
 * The hypervisor driver SPI: inventory, guest lifecycle and migration jobs. Host power is switched through
 * {@link org.attune.api.power.PowerController}s (2.0: the driver's own power methods are gone).
 */
@Export
@Version("2.0.0")
package org.attune.api.driver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
