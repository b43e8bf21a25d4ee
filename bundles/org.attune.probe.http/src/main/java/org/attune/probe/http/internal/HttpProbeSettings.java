package org.attune.probe.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validated settings of one HTTP probe.
 *
 * @param tier      tier name (subject {@code tier:<name>})
 * @param statusUrl http(s) URL of the status page
 * @param period    time between readings
 * @param timeout   time one reading may take
 * @param window    time the rate is averaged over (no longer than the period: the rate between two readings)
 */
public record HttpProbeSettings(String tier, URI statusUrl, Duration period, Duration timeout, Duration window) {

    /** The default {@code windowMillis}. */
    public static final long DEFAULT_WINDOW_MILLIS = 5000;

    /** With the default window. */
    public HttpProbeSettings(String tier, URI statusUrl, Duration period, Duration timeout) {
        this(tier, statusUrl, period, timeout, Duration.ofMillis(DEFAULT_WINDOW_MILLIS));
    }

    /** Tier names end up in subjects, logs and shell output. */
    public static final Pattern TIER_PATTERN = Pattern.compile("[A-Za-z0-9_.-]{1,63}");

    public HttpProbeSettings {
        List<String> problems = new ArrayList<>();
        if (tier == null || !TIER_PATTERN.matcher(tier).matches()) {
            problems.add("tier must be 1-63 characters of [A-Za-z0-9_.-], was '" + tier + "'");
        }
        if (statusUrl == null || statusUrl.getScheme() == null
                || !(statusUrl.getScheme().equals("http") || statusUrl.getScheme().equals("https"))
                || statusUrl.getHost() == null) {
            problems.add("statusUrl must be an http(s) URL with a host, was '" + statusUrl + "'");
        }
        if (period == null || period.toMillis() < 100) {
            problems.add("periodMillis must be at least 100, was " + (period == null ? null : period.toMillis()));
        }
        if (timeout == null || timeout.toMillis() < 100) {
            problems.add("timeoutMillis must be at least 100, was " + (timeout == null ? null : timeout.toMillis()));
        }
        if (window == null || window.isNegative() || window.toMillis() > 3_600_000) {
            problems.add("windowMillis must be between 0 and 3600000, was " + (window == null ? null : window.toMillis()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.probe.http: " + String.join("; ", problems));
        }
    }

    /** @throws IllegalArgumentException naming every bad value */
    static HttpProbeSettings from(HttpProbeConfiguration c) {
        URI uri = null;
        String problem = null;
        String raw = c.statusUrl() == null ? "" : c.statusUrl().trim();
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            problem = "statusUrl '" + raw + "' is not a URI: " + e.getReason();
        }
        if (problem != null) {
            throw new IllegalArgumentException("invalid configuration org.attune.probe.http: " + problem);
        }
        return new HttpProbeSettings(c.tier() == null ? null : c.tier().trim(), uri,
                Duration.ofMillis(c.periodMillis()), Duration.ofMillis(c.timeoutMillis()),
                Duration.ofMillis(c.windowMillis()));
    }

    /** The status URL with {@code ?auto}, which is what the probe reads. */
    URI autoUrl() {
        String s = statusUrl.toString();
        if (statusUrl.getQuery() != null && statusUrl.getQuery().contains("auto")) {
            return statusUrl;
        }
        return URI.create(s + (statusUrl.getQuery() == null ? "?auto" : "&auto"));
    }
}
