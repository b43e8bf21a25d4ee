package org.attune.driver.sim.internal.model;

import java.time.Duration;
import java.util.Objects;

/**
 * What a simulated host is: the validated content of one host configuration. Immutable.
 *
 * @param name           the host's name, also its id
 * @param cpus           physical cores
 * @param coreMips       speed of one core; capacity is {@code cpus * coreMips}
 * @param memoryMiB      memory available to guests
 * @param bandwidthMiBps migration bandwidth (125 MiB/s is 1 Gbit/s)
 * @param power          power model while on
 * @param bootTime       time from power-on to ON
 * @param shutdownTime   time from power-off to OFF
 * @param poweredOn      whether the host starts ON (otherwise OFF)
 */
public record HostSpec(String name, int cpus, double coreMips, long memoryMiB, double bandwidthMiBps,
                       PowerModel power, Duration bootTime, Duration shutdownTime, boolean poweredOn) {

    public static final double DEFAULT_BANDWIDTH_MIBPS = 125;
    public static final double DEFAULT_IDLE_WATTS = 70;
    public static final double DEFAULT_MAX_WATTS = 140;
    public static final String DEFAULT_BOOT_TIME = "30s";
    public static final String DEFAULT_SHUTDOWN_TIME = "10s";

    /** @throws IllegalArgumentException naming the attribute when a value is out of range */
    public HostSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is missing");
        }
        name = name.trim();
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1 (capacity must be positive), was " + cpus);
        }
        if (!(coreMips > 0) || Double.isInfinite(coreMips)) {
            throw new IllegalArgumentException("coreMips must be positive (capacity must be positive), was " + coreMips);
        }
        if (memoryMiB < 1) {
            throw new IllegalArgumentException("memoryMiB must be positive, was " + memoryMiB);
        }
        if (!(bandwidthMiBps > 0) || Double.isInfinite(bandwidthMiBps)) {
            throw new IllegalArgumentException("bandwidthMiBps must be positive, was " + bandwidthMiBps);
        }
        Objects.requireNonNull(power, "power");
        if (bootTime == null || bootTime.isNegative()) {
            throw new IllegalArgumentException("bootTime must not be negative, was " + bootTime);
        }
        if (shutdownTime == null || shutdownTime.isNegative()) {
            throw new IllegalArgumentException("shutdownTime must not be negative, was " + shutdownTime);
        }
    }

    /** A powered-on host with default bandwidth (125 MiB/s), linear power 70-140 W, boot 30 s, shutdown 10 s. */
    public static HostSpec of(String name, int cpus, double coreMips, long memoryMiB) {
        return new HostSpec(name, cpus, coreMips, memoryMiB, DEFAULT_BANDWIDTH_MIBPS,
                PowerModel.linear(DEFAULT_IDLE_WATTS, DEFAULT_MAX_WATTS), Duration.ofSeconds(30), Duration.ofSeconds(10), true);
    }

    /** CPU capacity in MIPS. */
    public double capacity() {
        return cpus * coreMips;
    }

    public HostSpec withPower(PowerModel newPower) {
        return new HostSpec(name, cpus, coreMips, memoryMiB, bandwidthMiBps, newPower, bootTime, shutdownTime, poweredOn);
    }

    public HostSpec withBandwidth(double miBps) {
        return new HostSpec(name, cpus, coreMips, memoryMiB, miBps, power, bootTime, shutdownTime, poweredOn);
    }

    public HostSpec withBootTime(Duration boot) {
        return new HostSpec(name, cpus, coreMips, memoryMiB, bandwidthMiBps, power, boot, shutdownTime, poweredOn);
    }

    public HostSpec withShutdownTime(Duration shutdown) {
        return new HostSpec(name, cpus, coreMips, memoryMiB, bandwidthMiBps, power, bootTime, shutdown, poweredOn);
    }

    public HostSpec withPoweredOn(boolean on) {
        return new HostSpec(name, cpus, coreMips, memoryMiB, bandwidthMiBps, power, bootTime, shutdownTime, on);
    }
}
