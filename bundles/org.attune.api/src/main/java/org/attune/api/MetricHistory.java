package org.attune.api;

import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of recent samples: for each subject and metric a bounded {@link Series}.
 * Thread-safe.
 */
public final class MetricHistory {

    /** The history with no samples. */
    public static final MetricHistory EMPTY = new MetricHistory(Map.of());

    /** Key of one series. */
    public record Key(Subject subject, String metric) {
    }

    private final Map<Key, Series> series;

    /** @param series taken as is: callers hand over a map they no longer modify */
    public MetricHistory(Map<Key, Series> series) {
        this.series = series;
    }

    /** The series of {@code metric} for {@code subject}; {@link Series#EMPTY} when there is none. */
    public Series series(Subject subject, String metric) {
        return series.getOrDefault(new Key(subject, metric), Series.EMPTY);
    }

    /** The newest value of {@code metric} for {@code subject}, or {@code fallback}. */
    public double latest(Subject subject, String metric, double fallback) {
        return series(subject, metric).latest(fallback);
    }

    public Set<Key> keys() {
        return series.keySet();
    }

    public int size() {
        return series.size();
    }
}
