package org.attune.simulation;

import java.time.Duration;
import java.util.Locale;

/**
 * The duration syntax shared by workload specs and configuration: a non-negative number followed by
 * {@code ms}, {@code s}, {@code m} or {@code h} ({@code 250ms}, {@code 30s}, {@code 1.5m}, {@code 2h});
 * a bare number means seconds.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses a duration into seconds.
     *
     * @throws IllegalArgumentException naming the token when it is not a non-negative duration
     */
    public static double parseSeconds(String token) {
        String t = token == null ? "" : token.trim().toLowerCase(Locale.ROOT);
        double factor = 1;
        String number = t;
        if (t.endsWith("ms")) {
            factor = 0.001;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            factor = 60;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            factor = 3600;
            number = t.substring(0, t.length() - 1);
        }
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + token + "' is not a duration (use e.g. 250ms, 30s, 5m, 1h)");
        }
        if (!(value >= 0) || Double.isInfinite(value) || number.startsWith("+") || number.isEmpty()) {
            throw new IllegalArgumentException("'" + token + "' is not a non-negative duration (use e.g. 250ms, 30s, 5m, 1h)");
        }
        return value * factor;
    }

    /** Parses a duration; see {@link #parseSeconds(String)}. */
    public static Duration parse(String token) {
        return ofSeconds(parseSeconds(token));
    }

    /** Seconds as a {@link Duration}, rounded to the nanosecond. */
    public static Duration ofSeconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** Seconds of a {@link Duration}. */
    public static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /** A compact form that {@link #parseSeconds} reads back ({@code 30s}, {@code 250ms}). */
    public static String format(double seconds) {
        if (seconds != 0 && Math.abs(seconds) < 1) {
            return trim(seconds * 1000) + "ms";
        }
        return trim(seconds) + "s";
    }

    public static String trim(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
