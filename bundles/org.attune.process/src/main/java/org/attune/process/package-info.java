/**
 * Supervision of the external daemons that provisioners run (dnsmasq, nfs-ganesha, a private dbus-daemon):
 * {@link org.attune.process.SupervisedProcess} keeps one child process running, starting it again with a backoff
 * whenever it exits, and signals or stops it on request.
 */
@Export
@Version("1.0.0")
package org.attune.process;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
