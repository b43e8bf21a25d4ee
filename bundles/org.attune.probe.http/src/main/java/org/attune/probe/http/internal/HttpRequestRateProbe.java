package org.attune.probe.http.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.probe.Probe;
import org.attune.probe.http.HttpProbeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request rate of one tier, read from its Apache httpd front end. A thread of its own reads
 * {@code server-status?auto} every period and turns {@code Total Accesses} into a rate (minus the probe's own
 * status requests; restarts of the front end handled as resets), averaged over a sliding window of readings;
 * {@link #sample} returns the newest rate at once.
 * A rate older than three periods (the front end stopped answering) is not reported: the tier is then unmeasured,
 * never "zero requests".
 *
 * <p>Publishes {@link Metrics#REQUEST_RATE} for {@code tier:<name>} and, when the status page lists balancer
 * members ({@code ProxyStatus On}), {@link #MEMBER_REQUEST_RATE} for {@code tier:<name>/<member URL>}: how often
 * the balancer elected that member per second.
 */
public final class HttpRequestRateProbe implements Probe, AutoCloseable {

    /** The value of the probes' {@link Probe#NAME} service property. */
    public static final String NAME = "http";

    /** Tier-member metric: requests per second the balancer sent to one member. */
    public static final String MEMBER_REQUEST_RATE = "http.member.request.rate";

    private static final Logger LOG = LoggerFactory.getLogger(HttpRequestRateProbe.class);

    /** One published reading: the tier's rate and the members' rates, and when they were taken. */
    private record Reading(double rate, Map<String, Double> members, long nanos) {
    }

    private final HttpProbeSettings settings;
    private final URI autoUrl;
    private final HttpClient http;
    private final ScheduledExecutorService poller;
    private final CounterRate total;
    private final Map<String, CounterRate> memberCounters = new HashMap<>();
    private volatile Reading latest;
    private volatile String problem = "not read yet";
    private volatile boolean closed;

    public HttpRequestRateProbe(HttpProbeSettings settings) {
        this.settings = settings;
        this.autoUrl = autoUrl(settings.statusUrl());
        this.total = new CounterRate(settings.window());
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attune-probe-http-" + settings.tier());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reading on the probe's own thread; returns at once. */
    public HttpRequestRateProbe start() {
        poller.scheduleWithFixedDelay(this::poll, 0, settings.period().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public HttpProbeSettings settings() {
        return settings;
    }

    /** The URL read: the status URL with {@code ?auto}. */
    public URI autoUrl() {
        return autoUrl;
    }

    /** The status URL with {@code ?auto} (mod_status's machine-readable form), added when missing. */
    static URI autoUrl(URI statusUrl) {
        if (statusUrl.getQuery() != null && statusUrl.getQuery().contains("auto")) {
            return statusUrl;
        }
        return URI.create(statusUrl + (statusUrl.getQuery() == null ? "?auto" : "&auto"));
    }

    @Override
    public String name() {
        return NAME + ":" + settings.tier();
    }

    /** Why there is no current rate, or "" when there is one. */
    public String problem() {
        return problem;
    }

    @Override
    public List<Sample> sample(Instant now) {
        Reading r = latest;
        if (closed || r == null
                || System.nanoTime() - r.nanos() > 3 * settings.period().toNanos() + settings.timeout().toNanos()) {
            return List.of();
        }
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(Subject.tier(settings.tier()), Metrics.REQUEST_RATE, r.rate(), now));
        r.members().forEach((member, rate) ->
                samples.add(new Sample(Subject.tier(settings.tier() + "/" + member), MEMBER_REQUEST_RATE, rate, now)));
        return samples;
    }

    /** One reading; public for tests that drive the probe without its thread. */
    public void poll() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(autoUrl)
                    .timeout(settings.timeout()).GET().build(), HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime();
            if (response.statusCode() != 200) {
                report("HTTP " + response.statusCode() + " from " + autoUrl);
                return;
            }
            ServerStatus status = ServerStatus.parse(response.body());
            // Our previous status request completed after the previous reading: it is in this count.
            OptionalDouble rate = total.update(status.totalAccesses(), status.uptimeSeconds(), nanos, 1);
            Map<String, Double> members = new LinkedHashMap<>();
            status.members().forEach((member, elected) -> {
                String url = member.substring(member.indexOf(' ') + 1);
                memberCounters.computeIfAbsent(member, k -> new CounterRate(settings.window()))
                        .update(elected, status.uptimeSeconds(), nanos, 0).ifPresent(v -> members.put(url, v));
            });
            memberCounters.keySet().retainAll(status.members().keySet());
            // After a reset there is no trustworthy rate until the next reading.
            latest = rate.isPresent() ? new Reading(rate.getAsDouble(), members, nanos) : null;
            report("");
        } catch (IOException | IllegalArgumentException e) {
            report("cannot read " + autoUrl + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the scheduled task must not die on a surprise
            report("reading " + autoUrl + " failed: " + e);
        }
    }

    private void report(String newProblem) {
        String old = problem;
        problem = newProblem;
        if (!newProblem.equals(old)) {
            if (newProblem.isEmpty()) {
                LOG.info("HTTP probe for tier {}: reading {}", settings.tier(), autoUrl);
            } else {
                LOG.warn("HTTP probe for tier {}: {}", settings.tier(), newProblem);
            }
        }
    }

    /** Stops the reading thread; no samples afterwards. */
    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
    }
}
