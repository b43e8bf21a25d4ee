/**
 * The host power SPI: {@link org.attune.api.power.PowerController}s switch physical hosts on and off through
 * their management interface (IPMI BMC, Wake-on-LAN, a simulated cluster's own power model).
 */
@Export
@Version("1.0.0")
package org.attune.api.power;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
