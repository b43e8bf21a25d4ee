package org.attune.driver.sim.internal.workload;

/**
 * A guest's CPU demand over simulated time, in MIPS. Implementations are immutable, thread-safe and
 * allocation-free in {@link #demandAt}, because the engine calls it once per guest per step. Their
 * {@code toString()} gives back a spec that {@link WorkloadParser} accepts.
 */
@FunctionalInterface
public interface Workload {

    /**
     * The demand at a moment.
     *
     * @param secondsSinceStart simulated seconds since the guest was started (never negative)
     * @return MIPS demanded; the engine treats negative or NaN values as 0
     */
    double demandAt(double secondsSinceStart);
}
