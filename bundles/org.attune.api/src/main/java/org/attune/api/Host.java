package org.attune.api;

import java.util.Objects;

/**
 * A physical host, as reported by the driver that manages it. Immutable.
 *
 * @param id           unique across all drivers; stable for the host's lifetime
 * @param name         display name
 * @param driverId     id of the {@link org.attune.api.driver.HypervisorDriver} that owns the host;
 *                     guests migrate only between hosts of the same driver
 * @param cpuCapacity  CPU capacity in MIPS-like units (cores times per-core speed); guest CPU demand
 *                     ({@link Metrics#CPU_DEMAND} on a guest) is expressed in the same unit
 * @param cpus         number of physical CPUs (cores)
 * @param memoryMiB    memory available to guests
 * @param power        power state
 * @param availability whether the driver can currently reach the host
 * @param detail       human-readable detail for the availability (e.g. "connection refused"), never null
 * @param powerProfile how the host draws power and what switching it costs (since 1.2);
 *                     {@link PowerProfile#UNKNOWN} when not configured
 */
public record Host(String id, String name, String driverId, double cpuCapacity, int cpus, long memoryMiB,
                   PowerState power, Availability availability, String detail, PowerProfile powerProfile) {

    public Host {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driverId, "driverId");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(availability, "availability");
        detail = detail == null ? "" : detail;
        powerProfile = powerProfile == null ? PowerProfile.UNKNOWN : powerProfile;
        if (cpuCapacity < 0 || memoryMiB < 0 || cpus < 0) {
            throw new IllegalArgumentException("host " + id + ": capacity must not be negative");
        }
    }

    /** A host whose power profile is {@link PowerProfile#UNKNOWN}. */
    public Host(String id, String name, String driverId, double cpuCapacity, int cpus, long memoryMiB,
                PowerState power, Availability availability, String detail) {
        this(id, name, driverId, cpuCapacity, cpus, memoryMiB, power, availability, detail, PowerProfile.UNKNOWN);
    }

    /** True when the host is reachable and powered on, so guests may be placed on it. */
    public boolean usable() {
        return availability == Availability.ONLINE && power.canRunGuests();
    }

    public Host withPower(PowerState newPower) {
        return new Host(id, name, driverId, cpuCapacity, cpus, memoryMiB, newPower, availability, detail, powerProfile);
    }

    public Host withAvailability(Availability newAvailability, String newDetail) {
        return new Host(id, name, driverId, cpuCapacity, cpus, memoryMiB, power, newAvailability, newDetail,
                powerProfile);
    }

    /** @since 1.2 */
    public Host withPowerProfile(PowerProfile profile) {
        return new Host(id, name, driverId, cpuCapacity, cpus, memoryMiB, power, availability, detail, profile);
    }

    /** Capacity of one core (capacity / cpus; the whole capacity when cpus is 0). @since 1.2 */
    public double coreCapacity() {
        return cpus > 0 ? cpuCapacity / cpus : cpuCapacity;
    }
}
