package org.attune.driver.sim.internal.config;

import org.attune.driver.sim.internal.engine.SimCluster;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the simulated cluster (PID {@code org.attune.driver.sim}, a singleton). */
@ObjectClassDefinition(name = "Attune simulated cluster",
        description = "The embedded simulated cluster driver. Hosts and guests come from the factory configurations "
                + "org.attune.driver.sim.host and org.attune.driver.sim.guest.")
public @interface SimDriverConfiguration {

    @AttributeDefinition(name = "Driver id",
            description = "Id of this driver; hosts report it and guests migrate only between hosts of one driver.")
    String id() default SimCluster.DEFAULT_ID;

    @AttributeDefinition(name = "Speed-up",
            description = "Simulated seconds per wall-clock second (1 = real time; the demo uses 4).")
    double speedup() default 1;

    @AttributeDefinition(name = "Tick period (ms)",
            description = "How often, in wall-clock milliseconds, the simulation is advanced to the current time.")
    long tickMillis() default 250;

    @AttributeDefinition(name = "Clock",
            description = "scaled: simulated time is wall-clock time times the speed-up. virtual: every tick advances "
                    + "simulated time by exactly tick x speed-up, whatever the machine's load (deterministic).",
            options = {@Option(label = "Scaled wall clock", value = "scaled"),
                    @Option(label = "Virtual (tick-driven)", value = "virtual")})
    String clock() default "scaled";

    @AttributeDefinition(name = "Maximum step",
            description = "Longest time, simulated, between two samples of a workload that changes continuously (sine, "
                    + "ramp, points), e.g. 1s, 500ms; shorter is finer and costs more. Piecewise-constant workloads "
                    + "(constant, step, trace) are taken exactly when they change.")
    String maxStep() default "1s";
}
