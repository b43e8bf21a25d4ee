/**
 * The libvirt driver for code that runs it itself, outside OSGi (tests, benchmarks, tools): validated
 * {@link org.attune.driver.libvirt.HostSettings} (what one {@code etc/org.attune.driver.libvirt-<name>.cfg} says) and
 * {@link org.attune.driver.libvirt.StandaloneLibvirtDriver#open}, which runs the same driver and cpu probe that the
 * bundle registers as services, with the caller owning its life. In Karaf, use the services instead
 * ({@code attune.driver.type=libvirt}, {@code attune.probe.name=cpu}) and configure hosts with files.
 */
@Export
@Version("1.0.0")
package org.attune.driver.libvirt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
