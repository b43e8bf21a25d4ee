package org.attune.driver.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that only moves when told to. Tests, tools and the driver's {@code clock = virtual} mode use it to
 * make a simulation deterministic and independent of the machine's speed: hand the same clock to a
 * {@link StandaloneSimCluster} and to whatever else should see simulated time (an orchestrator's journal, say).
 *
 * <p>Thread-safe: {@link #instant()} may be read from any thread while one thread moves the clock. Never blocks.
 */
public final class VirtualClock extends Clock {

    private final ZoneId zone;
    /** The one time shared by this clock and the views {@link #withZone} returns. */
    private final Time time;

    /** The time, shared by a clock and its zone views. */
    private static final class Time {
        private volatile Instant now;

        Time(Instant start) {
            this.now = start;
        }
    }

    /** A clock at {@code start}, in UTC. */
    public VirtualClock(Instant start) {
        this(new Time(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /** A clock at the epoch, in UTC; for runs that only care about elapsed time. */
    public VirtualClock() {
        this(Instant.EPOCH);
    }

    private VirtualClock(Time time, ZoneId zone) {
        this.time = time;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        return time.now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same clock seen in another zone: moving either moves both. */
    @Override
    public VirtualClock withZone(ZoneId other) {
        return other.equals(zone) ? this : new VirtualClock(time, other);
    }

    /**
     * Moves the clock forward by {@code amount}.
     *
     * @return the new time
     * @throws IllegalArgumentException when {@code amount} is negative
     */
    public Instant advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a virtual clock cannot go back, asked to advance by " + amount);
        }
        synchronized (time) {
            time.now = time.now.plus(amount);
            return time.now;
        }
    }

    /**
     * Moves the clock to {@code instant}.
     *
     * @throws IllegalArgumentException when {@code instant} is before the clock's time
     */
    public void set(Instant instant) {
        synchronized (time) {
            if (instant.isBefore(time.now)) {
                throw new IllegalArgumentException("a virtual clock cannot go back from " + time.now + " to " + instant);
            }
            time.now = instant;
        }
    }

    @Override
    public String toString() {
        return "virtual clock at " + time.now;
    }
}
