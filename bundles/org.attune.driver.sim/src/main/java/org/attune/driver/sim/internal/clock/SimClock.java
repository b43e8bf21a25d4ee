package org.attune.driver.sim.internal.clock;

import java.time.Instant;

/**
 * The simulated cluster's notion of "now". The engine integrates its state up to {@link #now()} whenever it is
 * advanced, so the clock alone decides how fast simulated time passes. Implementations are thread-safe.
 */
@FunctionalInterface
public interface SimClock {

    /** The current simulated time; never goes backwards. */
    Instant now();
}
