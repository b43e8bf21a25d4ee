package org.attune.probe.cpu;

import java.time.Duration;
import java.util.Objects;

/**
 * CPU use over one interval, computed from two readings of a cumulative CPU-time counter. Immutable.
 *
 * @param cores       CPU time used per wall time: 1.0 is one core busy for the whole interval. Never negative;
 *                    not capped, so clock jitter can make it slightly exceed the vCPU count
 * @param utilization {@code cores / vcpus}, capped to 0..1 (a guest's {@code cpu.utilization})
 * @param vcpus       the number of vCPUs the counter covers
 * @param interval    the wall time between the two readings
 */
public record CpuRate(double cores, double utilization, int vcpus, Duration interval) {

    public CpuRate {
        Objects.requireNonNull(interval, "interval");
        if (!(cores >= 0) || Double.isInfinite(cores)) {
            throw new IllegalArgumentException("cores must be finite and not negative, was " + cores);
        }
        if (!(utilization >= 0 && utilization <= 1)) {
            throw new IllegalArgumentException("utilization must be within 0..1, was " + utilization);
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1, was " + vcpus);
        }
    }

    /**
     * CPU demand in host capacity units (a guest's {@code cpu.demand}): cores used times the
     * speed of one host core.
     */
    public double demand(double mipsPerCore) {
        return cores * mipsPerCore;
    }
}
