package org.attune.driver.sim.internal.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One simulated guest (factory PID {@code org.attune.driver.sim.guest}). */
@ObjectClassDefinition(name = "Attune simulated guest",
        description = "A virtual machine of the simulated cluster. File: etc/org.attune.driver.sim.guest-<name>.cfg")
public @interface GuestConfiguration {

    @AttributeDefinition(name = "Name",
            description = "Guest name, unique in the cluster. Empty: the configuration's name (guest-<name>.cfg).")
    String name() default "";

    @AttributeDefinition(name = "UUID", required = false,
            description = "The guest's id. Empty: derived from the name, stable across restarts.")
    String uuid() default "";

    @AttributeDefinition(name = "vCPUs",
            description = "Virtual CPUs; the guest can use at most vcpus x coreMips of its host.")
    int vcpus() default 1;

    @AttributeDefinition(name = "Memory (MiB)", description = "Memory size; sets the migration's first copy.")
    long memoryMiB() default 512;

    @AttributeDefinition(name = "MAC", required = false,
            description = "MAC of its first interface. Empty: derived from the name, 52:54:00:xx:xx:xx.")
    String mac() default "";

    @AttributeDefinition(name = "Tier", required = false, description = "Application tier (e.g. front, app).")
    String tier() default "";

    @AttributeDefinition(name = "Labels", required = false,
            description = "Comma-separated key=value labels, e.g. env=demo, owner=lab.")
    String labels() default "";

    @AttributeDefinition(name = "Initial host", description = "Name of the host the guest starts on.")
    String host() default "";

    @AttributeDefinition(name = "Dirty rate (MiB/s)",
            description = "How fast the guest dirties memory; drives the live-migration pre-copy rounds.")
    double dirtyRateMiBps() default 0;

    @AttributeDefinition(name = "Traffic", required = false,
            description = "Bytes per second this guest sends to peer guests, by name: comma-separated "
                    + "<peer>:<rate>, the rate with an optional suffix k, M or G (powers of 1000), e.g. 'app2:2M, front:150k'. "
                    + "Published by the probe sim-traffic as net.traffic.to:<peer id>.")
    String traffic() default "";

    @AttributeDefinition(name = "Workload",
            description = "CPU demand in MIPS over time, e.g. 'constant 200', 'step 100 900 at=60s', "
                    + "'ramp 100 900 start=30s duration=60s', 'sine mean=400 amplitude=300 period=600s', "
                    + "'points 0s=150 100s=1000 repeat=400s', 'trace /path/file mips=2500 interval=300s', 'A + B'.")
    String workload() default "constant 100";
}
