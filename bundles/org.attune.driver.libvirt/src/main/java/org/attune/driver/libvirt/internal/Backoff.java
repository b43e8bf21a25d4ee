package org.attune.driver.libvirt.internal;

import java.time.Duration;

/** Exponential reconnection delays: min, 2 x min, 4 x min, ... capped at max; {@link #reset()} on success. */
final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration next;

    Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + " and " + max);
        }
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** The delay before the next attempt; each call doubles the following one, up to the maximum. */
    Duration next() {
        Duration current = next;
        next = current.compareTo(max.dividedBy(2)) > 0 ? max : current.multipliedBy(2);
        return current;
    }

    void reset() {
        next = min;
    }
}
