package org.attune.testing.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.attune.api.MetricHistory;
import org.attune.api.Series;
import org.attune.api.Subject;

/**
 * A fixture's metric histories, each given as values (one sample per interval, the newest at the view's time) or as
 * a series of its own; the one given last for a subject and metric counts. Values become series only when a view is
 * made, so the fixture's time and sample interval may change at any point. Not thread-safe.
 */
final class Histories {

    private final Map<MetricHistory.Key, double[]> values = new LinkedHashMap<>();
    private final Map<MetricHistory.Key, Series> series = new LinkedHashMap<>();

    /** Values, oldest first. */
    void values(Subject subject, String metric, double... samples) {
        values.put(new MetricHistory.Key(subject, metric), samples.clone());
        series.remove(new MetricHistory.Key(subject, metric));
    }

    void series(Subject subject, String metric, Series samples) {
        series.put(new MetricHistory.Key(subject, metric), Objects.requireNonNull(samples));
        values.remove(new MetricHistory.Key(subject, metric));
    }

    /** Every history, the newest value of each given as values taken at {@code newest}. */
    MetricHistory at(Instant newest, Duration sampleInterval) {
        // A fresh map per view: MetricHistory keeps the one it is given.
        Map<MetricHistory.Key, Series> all = new HashMap<>(series);
        long newestMillis = newest.toEpochMilli();
        values.forEach((k, v) -> all.put(k, Series.regular(newestMillis, sampleInterval.toMillis(), v)));
        return new MetricHistory(all);
    }
}
