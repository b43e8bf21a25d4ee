/**
 * The hypervisor driver SPI: inventory, guest lifecycle, migration jobs and host power.
 */
@Export
@Version("1.1.0")
package org.attune.api.driver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
