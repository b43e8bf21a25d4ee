package org.attune.probe.http.internal;

import org.attune.probe.http.HttpProbeSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One tier's front end (factory PID {@code org.attune.probe.http}, e.g. {@code org.attune.probe.http-app.cfg}). */
@ObjectClassDefinition(name = "Attune HTTP Request-Rate Probe",
        description = "Reads an Apache httpd front end's server-status?auto and publishes the tier's request rate.")
public @interface HttpProbeConfiguration {

    @AttributeDefinition(name = "Tier", description = "Name of the application tier behind this front end (e.g. app); "
            + "the request rate is published for subject tier:<name>.")
    String tier();

    @AttributeDefinition(name = "Status URL", description = "The front end's machine-readable status page, "
            + "e.g. http://10.99.0.2:8080/server-status?auto (mod_status, ExtendedStatus On; ProxyStatus On adds "
            + "per-member counts).")
    String statusUrl();

    @AttributeDefinition(name = "Period", description = "Milliseconds between two readings of the status page.")
    long periodMillis() default 1000;

    @AttributeDefinition(name = "Timeout", description = "Milliseconds one reading may take.")
    long timeoutMillis() default 2000;

    @AttributeDefinition(name = "Window", description = "Milliseconds the request rate is averaged over (a sliding "
            + "window of readings). Apache counts a request when it completes, so an overloaded tier's one-period "
            + "rate jumps; 0 or at most the period gives the rate between two readings.")
    long windowMillis() default HttpProbeSettings.DEFAULT_WINDOW_MILLIS;
}
