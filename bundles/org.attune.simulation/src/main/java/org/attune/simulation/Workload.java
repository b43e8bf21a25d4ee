package org.attune.simulation;

/**
 * A guest's CPU demand over simulated time, in MIPS. Implementations are immutable, thread-safe and
 * allocation-free in {@link #demandAt}, because the engine calls it once per guest per event. Their
 * {@code toString()} gives back the spec they were made from (the simulated driver's configuration syntax).
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

    /**
     * When the demand next changes: the engine samples a workload only then, which keeps a day of piecewise-constant
     * traces at a few hundred steps. {@link Double#POSITIVE_INFINITY} when it never changes again; NaN when it
     * changes continuously (the engine then samples it at its maximum step).
     *
     * @param secondsSinceStart simulated seconds since the guest was started
     * @return a time after {@code secondsSinceStart}, infinity or NaN
     */
    default double nextChange(double secondsSinceStart) {
        return Double.NaN;
    }
}
