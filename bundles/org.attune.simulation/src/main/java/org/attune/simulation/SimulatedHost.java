package org.attune.simulation;

import java.util.Objects;

import org.attune.api.PowerProfile;

/**
 * A host as the engine simulates it. Immutable.
 *
 * @param id             the host's id
 * @param cpus           physical cores, at least 1
 * @param coreMips       speed of one core; capacity is {@code cpus * coreMips}
 * @param memoryMiB      memory for guests
 * @param bandwidthMiBps the host's migration link; migrations through it share it
 * @param profile        power drawn by utilisation, boot and shutdown time and watts
 * @param poweredOn      whether the host starts ON (else OFF)
 */
public record SimulatedHost(String id, int cpus, double coreMips, long memoryMiB, double bandwidthMiBps,
                            PowerProfile profile, boolean poweredOn) {

    /** @throws IllegalArgumentException naming the attribute out of range */
    public SimulatedHost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        if (cpus < 1) {
            throw new IllegalArgumentException("host " + id + ": cpus must be at least 1, was " + cpus);
        }
        if (!(coreMips > 0) || Double.isInfinite(coreMips)) {
            throw new IllegalArgumentException("host " + id + ": coreMips must be positive, was " + coreMips);
        }
        if (memoryMiB < 1) {
            throw new IllegalArgumentException("host " + id + ": memoryMiB must be positive, was " + memoryMiB);
        }
        if (!(bandwidthMiBps > 0) || Double.isInfinite(bandwidthMiBps)) {
            throw new IllegalArgumentException("host " + id + ": bandwidthMiBps must be positive, was " + bandwidthMiBps);
        }
    }

    public double capacity() {
        return cpus * coreMips;
    }
}
