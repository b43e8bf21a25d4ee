package org.attune.driver.libvirt.internal.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One libvirt host of the libvirt driver (factory PID {@code org.attune.driver.libvirt}). */
@ObjectClassDefinition(name = "Attune libvirt host",
        description = "A libvirt host managed by Attune's libvirt driver. One file per host: "
                + "etc/org.attune.driver.libvirt-<name>.cfg")
public @interface LibvirtHostConfiguration {

    @AttributeDefinition(name = "Name", required = false,
            description = "Host name, also its id in Attune: 1-63 characters of A-Z a-z 0-9 _ -. "
                    + "Empty: the configuration's name (org.attune.driver.libvirt-<name>.cfg).")
    String name() default "";

    @AttributeDefinition(name = "libvirt URI",
            description = "Connection URI of the host's libvirt daemon, e.g. qemu:///system, "
                    + "qemu+unix:///system?socket=/run/attune-lab/hostA/libvirt-sock, qemu+tcp://10.0.0.2/system, "
                    + "qemu+ssh://root@host/system or test:///default.")
    String uri() default "";

    @AttributeDefinition(name = "Migration URI", required = false,
            description = "Where the source QEMU sends a guest's memory when this host is the migration target, "
                    + "e.g. tcp://10.99.0.2 (libvirt's migrate URI). Empty: libvirt derives it from the target's "
                    + "host name.")
    String migrationUri() default "";

    @AttributeDefinition(name = "MIPS per core", required = false,
            description = "Speed of one core in capacity units (host capacity = cores x this; a guest's CPU demand "
                    + "is in the same unit). 0: the node's clock rate in MHz as libvirt reports it.")
    double cpuMipsPerCore() default 0;

    @AttributeDefinition(name = "Concurrent migrations",
            description = "Most migrations this host takes part in at once, as source or target.")
    int maxConcurrentMigrations() default 2;

    @AttributeDefinition(name = "Connect timeout (s)",
            description = "How long one connection attempt may take before it counts as failed.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Operation timeout (s)",
            description = "How long a caller waits for one libvirt operation on this host (start, lookups, ...).")
    int operationTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Shutdown timeout (s)",
            description = "How long stopping a guest waits for a graceful (ACPI) shutdown before forcing it off.")
    int shutdownTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Reconnect delay, first (s)",
            description = "Delay before reconnecting after a failed or lost connection; doubles after every "
                    + "failure up to the maximum below.")
    int reconnectMinSeconds() default 1;

    @AttributeDefinition(name = "Reconnect delay, maximum (s)", description = "Longest delay between reconnection attempts.")
    int reconnectMaxSeconds() default 60;

    @AttributeDefinition(name = "Poll interval (s)",
            description = "How often the host's guests and their CPU counters are read, on top of the refreshes "
                    + "that libvirt's lifecycle events trigger. Guests' CPU rates are averages over this interval.")
    int pollIntervalSeconds() default 2;

    // Power: strings, so that an unset key is "" and a bad value is refused with a message naming it.

    @AttributeDefinition(name = "Idle power (W)", required = false,
            description = "Watts the host draws at 0 % CPU; with maxWatts, a linear power curve. 0-100000. "
                    + "Empty (and no powerTable): the power profile is unknown.")
    String idleWatts() default "";

    @AttributeDefinition(name = "Maximum power (W)", required = false,
            description = "Watts the host draws at 100 % CPU, at least idleWatts. 0-100000.")
    String maxWatts() default "";

    @AttributeDefinition(name = "Power table (W)", required = false,
            description = "Instead of idleWatts/maxWatts: 11 comma-separated watts at 0, 10, ..., 100 % CPU "
                    + "(a SPECpower table), linear in between, each 0-100000. "
                    + "E.g. HP ML110 G4: 86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117")
    String powerTable() default "";

    @AttributeDefinition(name = "Boot time (s)", required = false,
            description = "Seconds from power-on until the host runs guests, 0-3600. Default 0. Needs a power curve.")
    String bootTime() default "";

    @AttributeDefinition(name = "Boot power (W)", required = false,
            description = "Watts drawn while booting, 0-100000. Default: idle power. Needs a power curve.")
    String bootWatts() default "";

    @AttributeDefinition(name = "Shutdown time (s)", required = false,
            description = "Seconds from power-off until the host is off, 0-3600. Default 0. Needs a power curve.")
    String shutdownTime() default "";

    @AttributeDefinition(name = "Shutdown power (W)", required = false,
            description = "Watts drawn while shutting down, 0-100000. Default: idle power. Needs a power curve.")
    String shutdownWatts() default "";
}
