/**
 * The DHCP provisioner for code that runs it itself, outside OSGi (tests, tools): validated
 * {@link org.attune.provision.dhcp.DhcpSettings} (what one {@code etc/org.attune.provision.dhcp-<name>.cfg} says)
 * and {@link org.attune.provision.dhcp.StandaloneDhcpProvisioner#start}, which runs the same provisioner (and, when
 * supervised, dnsmasq) that the bundle registers for each configuration, with the caller owning the process. In
 * Karaf, use the services instead ({@code attune.provisioner.name=dhcp}) and configure them with files.
 */
@Export
@Version("1.0.0")
package org.attune.provision.dhcp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
