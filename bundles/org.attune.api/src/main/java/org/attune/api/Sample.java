package org.attune.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One measurement.
 *
 * @param subject   what was measured
 * @param metric    metric name, see {@link Metrics}
 * @param value     the value, in the unit the metric defines
 * @param timestamp when it was measured
 */
public record Sample(Subject subject, String metric, double value, Instant timestamp) {

    public Sample {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(timestamp, "timestamp");
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("sample " + subject + " " + metric + ": value must be finite");
        }
    }
}
