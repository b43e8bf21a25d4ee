package org.attune.driver.sim.internal.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulated cluster's notion of "now". The engine integrates its state up to {@link #now()} whenever it is
 * advanced, so the clock alone decides how fast simulated time passes. Implementations are thread-safe.
 */
@FunctionalInterface
public interface SimClock {

    /** The current simulated time; never goes backwards. */
    Instant now();

    /** A java.time view (UTC) of this clock, e.g. for an orchestrator whose journal should carry simulated times. */
    default Clock asClock() {
        SimClock sim = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return sim.now();
            }
        };
    }
}
