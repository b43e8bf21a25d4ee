package org.attune.driver.sim.internal.config;

import org.attune.driver.sim.internal.model.HostSpec;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One simulated host (factory PID {@code org.attune.driver.sim.host}). */
@ObjectClassDefinition(name = "Attune simulated host",
        description = "A physical host of the simulated cluster. File: etc/org.attune.driver.sim.host-<name>.cfg")
public @interface HostConfiguration {

    @AttributeDefinition(name = "Name",
            description = "Host name, also its id; unique in the driver. Empty: the configuration's name (host-<name>.cfg).")
    String name() default "";

    @AttributeDefinition(name = "CPUs", description = "Physical cores; at least 1.")
    int cpus() default 2;

    @AttributeDefinition(name = "MIPS per core",
            description = "Speed of one core. Capacity = cpus x coreMips, the unit of guests' CPU demand.")
    double coreMips() default 1000;

    @AttributeDefinition(name = "Memory (MiB)", description = "Memory available to guests.")
    long memoryMiB() default 4096;

    @AttributeDefinition(name = "Migration bandwidth (MiB/s)",
            description = "Bandwidth of migrations to and from this host; 125 MiB/s is 1 Gbit/s.")
    double bandwidthMiBps() default HostSpec.DEFAULT_BANDWIDTH_MIBPS;

    @AttributeDefinition(name = "Idle power (W)",
            description = "Power at 0 % CPU when ON (>= 0); also the default boot and shutdown power.")
    double idleWatts() default HostSpec.DEFAULT_IDLE_WATTS;

    @AttributeDefinition(name = "Maximum power (W)",
            description = "Power at 100 % CPU (>= idle power; linear in between).")
    double maxWatts() default HostSpec.DEFAULT_MAX_WATTS;

    @AttributeDefinition(name = "Power table (W)", required = false,
            description = "Optional: comma-separated watts (>= 0) at evenly spaced CPU utilisation from 0 to 100 %, "
                    + "at least 2, linear between points (11 for a SPECpower table: 0, 10, ..., 100 %); replaces "
                    + "idle/maximum power. HP ML110 G4: 86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117")
    String powerTable() default "";

    @AttributeDefinition(name = "Boot time", description = "Time from power-on to ON (e.g. 30s, 2m; >= 0).")
    String bootTime() default HostSpec.DEFAULT_BOOT_TIME;

    @AttributeDefinition(name = "Boot power (W)", required = false,
            description = "Power while booting (>= 0). Empty: the idle power (the power table's first value).")
    String bootWatts() default "";

    @AttributeDefinition(name = "Shutdown time", description = "Time from power-off to OFF (e.g. 10s; >= 0).")
    String shutdownTime() default HostSpec.DEFAULT_SHUTDOWN_TIME;

    @AttributeDefinition(name = "Shutdown power (W)", required = false,
            description = "Power while shutting down (>= 0). Empty: the idle power (the power table's first value).")
    String shutdownWatts() default "";

    @AttributeDefinition(name = "Powered on", description = "Whether the host starts ON (true) or OFF (false).")
    boolean poweredOn() default true;
}
