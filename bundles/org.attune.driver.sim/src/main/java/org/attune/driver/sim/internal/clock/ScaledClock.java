package org.attune.driver.sim.internal.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * Real time multiplied by a speed-up factor: with a speed-up of 4, one wall second is four simulated seconds.
 * Simulated time starts at the given instant when the clock is constructed. Uses the monotonic
 * {@link System#nanoTime()} so that wall-clock adjustments do not make simulated time jump. In UTC. Thread-safe.
 */
public final class ScaledClock extends Clock {

    private final Instant start;
    private final double speedup;
    private final LongSupplier nanoTime;
    private final long origin;

    /** A clock whose simulated time starts now and runs {@code speedup} times faster than real time. */
    public ScaledClock(double speedup) {
        this(Instant.now(), speedup);
    }

    public ScaledClock(Instant start, double speedup) {
        this(start, speedup, System::nanoTime);
    }

    /** For tests: {@code nanoTime} replaces {@link System#nanoTime()}. */
    ScaledClock(Instant start, double speedup, LongSupplier nanoTime) {
        if (!(speedup > 0) || Double.isInfinite(speedup)) {
            throw new IllegalArgumentException("speedup must be a positive number, was " + speedup);
        }
        this.start = start;
        this.speedup = speedup;
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock: simulated time has no zone of its own. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        long elapsedWall = nanoTime.getAsLong() - origin;
        return start.plusNanos((long) (elapsedWall * speedup));
    }

    public double speedup() {
        return speedup;
    }

    @Override
    public String toString() {
        return "scaled clock x" + speedup + " from " + start;
    }
}
