/**
 * The HTTP request-rate probe for code that runs it itself, outside OSGi (tests, tools): validated
 * {@link org.attune.probe.http.HttpProbeSettings} (what one {@code etc/org.attune.probe.http-<tier>.cfg} says) and
 * {@link org.attune.probe.http.StandaloneHttpProbe#start}, which runs the same probe the bundle registers for each
 * configuration, with the caller owning its thread. In Karaf, use the services instead
 * ({@code attune.probe.name=http}) and configure tiers with files.
 */
@Export
@Version("1.0.0")
package org.attune.probe.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
