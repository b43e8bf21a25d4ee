package org.attune.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, sizes, durations and times look in the shell. Locale-independent. */
final class Format {

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final long MIB = 1024L * 1024L;

    private Format() {
    }

    /** A share (0..1, may exceed 1) as a whole percentage; "-" for NaN. */
    static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /** A number with no decimals; "-" for NaN. */
    static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    /** A byte count in MiB or GiB; "-" when unknown (negative). */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes >= 1024 * MIB) {
            return String.format(Locale.ROOT, "%.2f GiB", (double) bytes / (1024 * MIB));
        }
        return String.format(Locale.ROOT, "%.1f MiB", (double) bytes / MIB);
    }

    /** A duration in ms below a second, in seconds above; "-" when null. */
    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String dateTime(Instant t) {
        return t == null ? "-" : DATE_TIME.format(t);
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
