/**
 * The NFS provisioner for code that runs it itself, outside OSGi (tests, tools): validated
 * {@link org.attune.provision.nfs.NfsSettings} (what one {@code etc/org.attune.provision.nfs-<name>.cfg} says) and
 * {@link org.attune.provision.nfs.StandaloneNfsProvisioner#start}, which runs the same provisioner (and, when
 * supervised, nfs-ganesha with its private D-Bus daemon) that the bundle registers for each configuration, with the
 * caller owning the processes. In Karaf, use the services instead ({@code attune.provisioner.name=nfs}) and
 * configure them with files.
 */
@Export
@Version("1.0.0")
package org.attune.provision.nfs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
