package org.attune.api;

import java.time.Instant;
import java.util.Arrays;

/**
 * An immutable time series of one metric of one subject, oldest sample first. Samples are
 * normally one orchestrator cycle apart.
 */
public final class Series {

    /** The series with no samples. */
    public static final Series EMPTY = new Series(new double[0], new long[0]);

    private final double[] values;
    private final long[] epochMillis;

    /** Takes ownership of the arrays: callers must not modify them afterwards. */
    Series(double[] values, long[] epochMillis) {
        if (values.length != epochMillis.length) {
            throw new IllegalArgumentException("values and timestamps differ in length");
        }
        this.values = values;
        this.epochMillis = epochMillis;
    }

    /** A series from copies of the given values and timestamps (milliseconds since the epoch). */
    public static Series of(double[] values, long[] epochMillis) {
        return new Series(values.clone(), epochMillis.clone());
    }

    /** A series of values one {@code stepMillis} apart, the last at {@code lastMillis}. For tests and benchmarks. */
    public static Series regular(long lastMillis, long stepMillis, double... values) {
        long[] times = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            times[i] = lastMillis - (long) (values.length - 1 - i) * stepMillis;
        }
        return new Series(values.clone(), times);
    }

    public int size() {
        return values.length;
    }

    public boolean isEmpty() {
        return values.length == 0;
    }

    /** The i-th value, 0 being the oldest. */
    public double value(int i) {
        return values[i];
    }

    public Instant time(int i) {
        return Instant.ofEpochMilli(epochMillis[i]);
    }

    /** The newest value, or {@code fallback} when empty. */
    public double latest(double fallback) {
        return values.length == 0 ? fallback : values[values.length - 1];
    }

    /** A copy of the newest {@code n} values (fewer when the series is shorter), oldest first. */
    public double[] tail(int n) {
        int from = Math.max(0, values.length - n);
        return Arrays.copyOfRange(values, from, values.length);
    }

    /** A copy of all values, oldest first. */
    public double[] values() {
        return values.clone();
    }

    /** Mean of the newest {@code n} values, or {@code fallback} when empty. */
    public double mean(int n, double fallback) {
        int from = Math.max(0, values.length - n);
        if (from == values.length) {
            return fallback;
        }
        double sum = 0;
        for (int i = from; i < values.length; i++) {
            sum += values[i];
        }
        return sum / (values.length - from);
    }

    /** True when the newest {@code n} values exist and all satisfy {@code predicate}. */
    public boolean lastAll(int n, java.util.function.DoublePredicate predicate) {
        if (n <= 0 || values.length < n) {
            return false;
        }
        for (int i = values.length - n; i < values.length; i++) {
            if (!predicate.test(values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
