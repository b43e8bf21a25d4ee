package org.attune.probe.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validated settings of one HTTP probe: what one {@code etc/org.attune.probe.http-<tier>.cfg} says, as a value.
 * Immutable. The constructor throws an {@link IllegalArgumentException} naming every bad value by its configuration
 * key (e.g. {@code periodMillis must be at least 100, was 10}).
 *
 * @param tier      tier name (subject {@code tier:<name>}), matching {@link #TIER_PATTERN}
 * @param statusUrl http(s) URL of the front end's Apache status page ({@code ?auto} is added when missing)
 * @param period    time between readings, at least 100 ms
 * @param timeout   time one reading may take, at least 100 ms
 * @param window    time the rate is averaged over, 0 to 1 hour (no longer than the period: the rate between two
 *                  readings)
 */
public record HttpProbeSettings(String tier, URI statusUrl, Duration period, Duration timeout, Duration window) {

    /** The default {@code windowMillis}. */
    public static final long DEFAULT_WINDOW_MILLIS = 5000;

    /** Tier names end up in subjects, logs and shell output. */
    public static final Pattern TIER_PATTERN = Pattern.compile("[A-Za-z0-9_.-]{1,63}");

    /** With the default window ({@value #DEFAULT_WINDOW_MILLIS} ms). */
    public HttpProbeSettings(String tier, URI statusUrl, Duration period, Duration timeout) {
        this(tier, statusUrl, period, timeout, Duration.ofMillis(DEFAULT_WINDOW_MILLIS));
    }

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
}
