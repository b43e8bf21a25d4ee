package org.attune.simulation;

import java.util.Objects;

/**
 * A guest as the engine simulates it. Immutable.
 *
 * @param id                      the guest's id
 * @param vcpus                   virtual CPUs; it can use at most one core of its host per vCPU
 * @param memoryMiB               memory, what a migration copies first
 * @param dirtyRateMiBps          memory it dirties per second regardless of load (live migration's later rounds)
 * @param dirtyRatePerUtilization memory it dirties per second at 100 % CPU, in proportion to its utilisation
 * @param workload                its CPU demand over time
 */
public record SimulatedGuest(String id, int vcpus, long memoryMiB, double dirtyRateMiBps,
                             double dirtyRatePerUtilization, Workload workload) {

    /** @throws IllegalArgumentException naming the attribute out of range */
    public SimulatedGuest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workload, "workload");
        if (vcpus < 1) {
            throw new IllegalArgumentException("guest " + id + ": vcpus must be at least 1, was " + vcpus);
        }
        if (memoryMiB < 1) {
            throw new IllegalArgumentException("guest " + id + ": memoryMiB must be positive, was " + memoryMiB);
        }
        if (!(dirtyRateMiBps >= 0) || Double.isInfinite(dirtyRateMiBps) || !(dirtyRatePerUtilization >= 0)
                || Double.isInfinite(dirtyRatePerUtilization)) {
            throw new IllegalArgumentException("guest " + id + ": dirty rates must not be negative, were "
                    + dirtyRateMiBps + ", " + dirtyRatePerUtilization);
        }
    }

    /** A guest that dirties {@code dirtyRateMiBps} whatever its load. */
    public static SimulatedGuest of(String id, int vcpus, long memoryMiB, double dirtyRateMiBps, Workload workload) {
        return new SimulatedGuest(id, vcpus, memoryMiB, dirtyRateMiBps, 0, workload);
    }
}
