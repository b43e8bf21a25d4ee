/**
 * The provisioner SPI: hooks on guest creation, migration and removal (DHCP, NFS).
 */
@Export
@Version("1.1.0")
package org.attune.api.provision;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
