package org.attune.probe.http;

import java.time.Instant;
import java.util.List;

import org.attune.api.Sample;
import org.attune.api.probe.Probe;
import org.attune.probe.http.internal.HttpRequestRateProbe;

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
public final class StandaloneHttpProbe implements Probe, AutoCloseable {

    // A class, not an interface the implementation implements: the implementation never depends on this type.
    private final HttpRequestRateProbe probe;

    private StandaloneHttpProbe(HttpRequestRateProbe probe) {
        this.probe = probe;
    }

    /**
     * Starts reading on the probe's own thread; returns at once.
     *
     * @throws NullPointerException when {@code settings} is null
     */
    public static StandaloneHttpProbe start(HttpProbeSettings settings) {
        return new StandaloneHttpProbe(new HttpRequestRateProbe(settings).start());
    }

    @Override
    public String name() {
        return probe.name();
    }

    @Override
    public List<Sample> sample(Instant now) {
        return probe.sample(now);
    }

    /** Stops the reading thread; the probe samples nothing afterwards. Idempotent; does not throw. */
    @Override
    public void close() {
        probe.close();
    }
}
