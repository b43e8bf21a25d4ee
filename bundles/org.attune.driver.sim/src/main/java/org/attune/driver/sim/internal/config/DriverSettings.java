package org.attune.driver.sim.internal.config;

import java.time.Duration;

/**
 * The validated driver configuration.
 *
 * @param id      driver id
 * @param speedup simulated seconds per wall second
 * @param tick    wall time between two advances
 * @param clock   which clock drives simulated time
 * @param maxStep longest time, simulated, between two samples of a workload that changes continuously
 */
public record DriverSettings(String id, double speedup, Duration tick, Clock clock, Duration maxStep) {

    /** Which clock drives simulated time. */
    public enum Clock {
        /** Wall-clock time times the speed-up. */
        SCALED,
        /** Each tick advances simulated time by exactly tick x speed-up. */
        VIRTUAL
    }
}
