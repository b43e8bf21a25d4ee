package org.attune.driver.sim.internal.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A clock that only moves when told to: tests, benchmarks and the {@code clock = virtual} mode use it to make
 * simulations deterministic and independent of the machine's speed. Thread-safe.
 */
public final class VirtualClock implements SimClock {

    private volatile Instant now;

    /** A clock that starts at {@code start}. */
    public VirtualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** A clock that starts at the epoch; convenient for tests that only care about elapsed time. */
    public VirtualClock() {
        this(Instant.EPOCH);
    }

    @Override
    public Instant now() {
        return now;
    }

    /**
     * Moves the clock forward.
     *
     * @throws IllegalArgumentException when {@code amount} is negative
     * @return the new time
     */
    public synchronized Instant advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a virtual clock cannot go back, asked to advance by " + amount);
        }
        now = now.plus(amount);
        return now;
    }

    /**
     * Moves the clock to {@code time}.
     *
     * @throws IllegalArgumentException when {@code time} is before the current time
     */
    public synchronized void set(Instant time) {
        if (time.isBefore(now)) {
            throw new IllegalArgumentException("a virtual clock cannot go back from " + now + " to " + time);
        }
        now = time;
    }

    @Override
    public String toString() {
        return "virtual clock at " + now;
    }
}
