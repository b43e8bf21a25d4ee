package org.attune.probe.http;

import org.attune.api.probe.Probe;
import org.attune.probe.http.internal.HttpRequestRateProbe;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The request rate of one tier, read from its Apache httpd front end's {@code server-status?auto}, owned by the code
 * that {@link #start started} it instead of by OSGi: the same implementation as the bundle's
 * {@code attune.probe.name=http} services. {@link #name()} is {@code http:<tier>}; samples are
 * {@code http.request.rate} for {@code tier:<tier>} and, with {@code ProxyStatus On}, {@code http.member.request.rate}
 * for {@code tier:<tier>/<member URL>}.
 *
 * <p><b>Threading:</b> a daemon thread of its own reads the status page every period; {@link #sample} may be called
 * from any thread, concurrently.
 * <p><b>Blocking:</b> {@link #start} and {@link #sample} return at once (the first rate needs two readings, about one
 * period); {@link #close()} does not wait for a reading in progress.
 * <p><b>Errors:</b> nothing is thrown after {@link #start}: while the front end cannot be read (unreachable, not a
 * status page, restarted) the tier is left out of the samples, never reported as 0, and the problem is logged once,
 * naming the URL.
 */
@ProviderType
public interface StandaloneHttpProbe extends Probe, AutoCloseable {

    /**
     * Starts reading on the probe's own thread; returns at once.
     *
     * @throws NullPointerException when {@code settings} is null
     */
    static StandaloneHttpProbe start(HttpProbeSettings settings) {
        return new HttpRequestRateProbe(settings).start();
    }

    /** Stops the reading thread; the probe samples nothing afterwards. Idempotent; does not throw. */
    @Override
    void close();
}
