package org.attune.driver.sim.internal.model;

import java.time.Duration;
import java.util.Objects;

import org.attune.api.PowerProfile;

/**
 * What a simulated host is: the validated content of one host configuration. Immutable.
 *
 * @param name           the host's name, also its id
 * @param cpus           physical cores
 * @param coreMips       speed of one core; capacity is {@code cpus * coreMips}
 * @param memoryMiB      memory available to guests
 * @param bandwidthMiBps migration bandwidth (125 MiB/s is 1 Gbit/s)
 * @param powerProfile   watts by CPU utilisation while ON, boot and shutdown durations and the watts drawn meanwhile;
 *                       the inventory reports it on the host
 * @param poweredOn      whether the host starts ON (otherwise OFF)
 */
public record HostSpec(String name, int cpus, double coreMips, long memoryMiB, double bandwidthMiBps,
                       PowerProfile powerProfile, boolean poweredOn) {

    public static final double DEFAULT_BANDWIDTH_MIBPS = 125;
    public static final double DEFAULT_IDLE_WATTS = 70;
    public static final double DEFAULT_MAX_WATTS = 140;
    public static final String DEFAULT_BOOT_TIME = "30s";
    public static final String DEFAULT_SHUTDOWN_TIME = "10s";

    /** Linear 70-140 W; boots in 30 s and shuts down in 10 s, drawing the idle 70 W meanwhile. */
    public static final PowerProfile DEFAULT_POWER_PROFILE = PowerProfile.linear(DEFAULT_IDLE_WATTS, DEFAULT_MAX_WATTS)
            .withBoot(Duration.ofSeconds(30), DEFAULT_IDLE_WATTS).withShutdown(Duration.ofSeconds(10), DEFAULT_IDLE_WATTS);

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
        Objects.requireNonNull(powerProfile, "powerProfile");
    }

    /** A powered-on host with default bandwidth (125 MiB/s) and the {@link #DEFAULT_POWER_PROFILE}. */
    public static HostSpec of(String name, int cpus, double coreMips, long memoryMiB) {
        return new HostSpec(name, cpus, coreMips, memoryMiB, DEFAULT_BANDWIDTH_MIBPS, DEFAULT_POWER_PROFILE, true);
    }

    /** CPU capacity in MIPS. */
    public double capacity() {
        return cpus * coreMips;
    }

    public HostSpec withPowerProfile(PowerProfile profile) {
        return new HostSpec(name, cpus, coreMips, memoryMiB, bandwidthMiBps, profile, poweredOn);
    }

    public HostSpec withBandwidth(double miBps) {
        return new HostSpec(name, cpus, coreMips, memoryMiB, miBps, powerProfile, poweredOn);
    }

    /** This host booting in {@code boot}, at the boot watts of its profile. */
    public HostSpec withBootTime(Duration boot) {
        return withPowerProfile(powerProfile.withBoot(boot, powerProfile.bootWatts()));
    }

    /** This host shutting down in {@code shutdown}, at the shutdown watts of its profile. */
    public HostSpec withShutdownTime(Duration shutdown) {
        return withPowerProfile(powerProfile.withShutdown(shutdown, powerProfile.shutdownWatts()));
    }

    public HostSpec withPoweredOn(boolean on) {
        return new HostSpec(name, cpus, coreMips, memoryMiB, bandwidthMiBps, powerProfile, on);
    }
}
