package org.attune.orchestrator.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.attune.api.MetricHistory;
import org.attune.api.Sample;
import org.attune.api.Series;
import org.attune.api.Subject;

/**
 * Keeps the newest {@code capacity} samples of every (subject, metric) pair in a ring buffer.
 * Thread-safe: writers and {@link #snapshot()} may run concurrently; a snapshot is consistent per
 * series.
 */
final class MetricsStore {

    private final int capacity;
    private final Map<MetricHistory.Key, Ring> rings = new ConcurrentHashMap<>();

    /** @param capacity samples kept per series, at least 1 */
    public MetricsStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    public void record(Sample sample) {
        rings.computeIfAbsent(new MetricHistory.Key(sample.subject(), sample.metric()), k -> new Ring(capacity))
                .add(sample.value(), sample.timestamp().toEpochMilli());
    }

    public void recordAll(Collection<Sample> samples) {
        for (Sample sample : samples) {
            record(sample);
        }
    }

    /** Forgets every series whose subject fails {@code keep} (e.g. guests that no longer exist). */
    public void retainSubjects(Predicate<Subject> keep) {
        rings.keySet().removeIf(key -> !keep.test(key.subject()));
    }

    /** Forgets the series of these subjects. */
    public void forget(Set<Subject> subjects) {
        rings.keySet().removeIf(key -> subjects.contains(key.subject()));
    }

    /** An immutable copy of everything currently held. */
    public MetricHistory snapshot() {
        Map<MetricHistory.Key, Series> copy = new HashMap<>(rings.size() * 2);
        rings.forEach((key, ring) -> copy.put(key, ring.toSeries()));
        return new MetricHistory(copy);
    }

    /** A fixed-size ring of (value, time) pairs. */
    private static final class Ring {
        private final double[] values;
        private final long[] times;
        private int next;
        private int size;

        Ring(int capacity) {
            values = new double[capacity];
            times = new long[capacity];
        }

        synchronized void add(double value, long time) {
            values[next] = value;
            times[next] = time;
            next = (next + 1) % values.length;
            size = Math.min(size + 1, values.length);
        }

        synchronized Series toSeries() {
            double[] v = new double[size];
            long[] t = new long[size];
            int start = (next - size + values.length) % values.length;
            for (int i = 0; i < size; i++) {
                int j = (start + i) % values.length;
                v[i] = values[j];
                t[i] = times[j];
            }
            return Series.of(v, t);
        }
    }
}
