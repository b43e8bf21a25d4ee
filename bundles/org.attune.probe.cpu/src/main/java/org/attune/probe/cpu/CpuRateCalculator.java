package org.attune.probe.cpu;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns readings of cumulative CPU-time counters into rates, one baseline per key (e.g. a guest's process on a
 * host). Each {@link #update} compares a reading with the key's baseline:
 * <ul>
 * <li>the first reading of a key only becomes its baseline: no rate yet;</li>
 * <li>a counter that went down is a reset (the guest was restarted, or migrated and now runs in a new process):
 *     that interval is skipped, the reading becomes the new baseline and the key's latest rate is cleared, so a
 *     negative load is never reported; a wall clock that did not advance counts as a reset too;</li>
 * <li>a reading less than the minimum interval after the baseline leaves the baseline in place (the next
 *     interval is then longer) and keeps the latest rate, so that bursts of readings do not produce noisy rates;</li>
 * <li>otherwise the rate over the interval becomes the key's latest rate and the reading its baseline.</li>
 * </ul>
 * Thread-safe; all methods are quick.
 *
 * @param <K> what a counter belongs to
 */
public final class CpuRateCalculator<K> {

    /** Readings closer together than this do not produce a rate unless told otherwise. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMillis(200);

    private final long minIntervalNanos;
    private final Map<K, Baseline> baselines = new HashMap<>();

    private record Baseline(long cpuTimeNanos, long wallNanos, CpuRate latest) {
    }

    /** A calculator with the {@link #DEFAULT_MIN_INTERVAL}. */
    public CpuRateCalculator() {
        this(DEFAULT_MIN_INTERVAL);
    }

    /** @param minInterval the shortest interval that produces a rate; zero accepts any positive interval */
    public CpuRateCalculator(Duration minInterval) {
        Objects.requireNonNull(minInterval, "minInterval");
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative, was " + minInterval);
        }
        this.minIntervalNanos = minInterval.toNanos();
    }

    /**
     * Records a reading.
     *
     * @param key          whose counter it is
     * @param cpuTimeNanos the counter: CPU time used so far by all the vCPUs it covers, in nanoseconds
     * @param wallNanos    when it was read, on a monotonic clock in nanoseconds ({@link System#nanoTime()})
     * @param vcpus        the number of vCPUs the counter covers now, at least 1
     * @return the rate since the baseline, or empty when this reading produced none (first reading, reset,
     *         interval shorter than the minimum)
     */
    public synchronized Optional<CpuRate> update(K key, long cpuTimeNanos, long wallNanos, int vcpus) {
        Objects.requireNonNull(key, "key");
        if (cpuTimeNanos < 0) {
            throw new IllegalArgumentException("CPU time of " + key + " must not be negative, was " + cpuTimeNanos);
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus of " + key + " must be at least 1, was " + vcpus);
        }
        Baseline base = baselines.get(key);
        if (base == null) {
            baselines.put(key, new Baseline(cpuTimeNanos, wallNanos, null));
            return Optional.empty();
        }
        long wallDelta = wallNanos - base.wallNanos;
        long cpuDelta = cpuTimeNanos - base.cpuTimeNanos;
        if (cpuDelta < 0 || wallDelta <= 0) {
            baselines.put(key, new Baseline(cpuTimeNanos, wallNanos, null));
            return Optional.empty();
        }
        if (wallDelta < minIntervalNanos) {
            return Optional.empty();
        }
        CpuRate rate = rate(cpuDelta, wallDelta, vcpus);
        baselines.put(key, new Baseline(cpuTimeNanos, wallNanos, rate));
        return Optional.of(rate);
    }

    /** The key's most recent rate; empty before its first interval and after a reset. */
    public synchronized Optional<CpuRate> latest(K key) {
        Baseline base = baselines.get(key);
        return base == null ? Optional.empty() : Optional.ofNullable(base.latest);
    }

    /** Forgets a key: its next reading starts a new baseline. */
    public synchronized void forget(K key) {
        baselines.remove(key);
    }

    /** Forgets every key not in {@code keys} (e.g. guests that are gone). */
    public synchronized void retainAll(Collection<? extends K> keys) {
        Set<Object> keep = new HashSet<>(keys);
        baselines.keySet().removeIf(k -> !keep.contains(k));
    }

    /** The number of keys with a baseline. */
    public synchronized int size() {
        return baselines.size();
    }

    /**
     * The rate of a counter that advanced by {@code cpuDeltaNanos} during {@code wallDeltaNanos}.
     *
     * @throws IllegalArgumentException when a delta is not positive (CPU: negative) or vcpus is below 1
     */
    public static CpuRate rate(long cpuDeltaNanos, long wallDeltaNanos, int vcpus) {
        if (cpuDeltaNanos < 0 || wallDeltaNanos <= 0) {
            throw new IllegalArgumentException(
                    "need a CPU delta >= 0 and a wall delta > 0, got " + cpuDeltaNanos + " and " + wallDeltaNanos);
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1, was " + vcpus);
        }
        double cores = (double) cpuDeltaNanos / wallDeltaNanos;
        return new CpuRate(cores, Math.min(1.0, cores / vcpus), vcpus, Duration.ofNanos(wallDeltaNanos));
    }
}
