package org.attune.orchestrator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Typed configuration of the orchestrator (PID {@code org.attune.orchestrator}). */
@ObjectClassDefinition(name = "Attune Orchestrator", description = "The control loop: monitor, plan, validate, execute.")
public @interface OrchestratorConfiguration {

    @AttributeDefinition(name = "Period", description = "Seconds between two cycles of the loop.")
    double period() default 2;

    @AttributeDefinition(name = "Mode", description = "What is done with the policy's plans. attune:mode changes it at "
            + "run time (kept in the bundle's data area); a new value here wins over it.", options = {
            @Option(label = "Off: monitor only", value = "off"),
            @Option(label = "Recommend: journal plans, execute nothing", value = "recommend"),
            @Option(label = "Automatic: execute plans", value = "automatic")})
    String mode() default "recommend";

    @AttributeDefinition(name = "Policy", description = "attune.policy.name of the active policy. attune:policy-use "
            + "changes it at run time (kept in the bundle's data area); a new value here wins over it.")
    String policy() default "threshold";

    @AttributeDefinition(name = "Migrations per source", description = "Concurrent migrations leaving one host.")
    int maxMigrationsPerSource() default 1;

    @AttributeDefinition(name = "Migrations per target", description = "Concurrent migrations entering one host.")
    int maxMigrationsPerTarget() default 1;

    @AttributeDefinition(name = "Migrations in total", description = "Concurrent migrations overall; 0 for no limit.")
    int maxMigrationsTotal() default 0;

    @AttributeDefinition(name = "Migration timeout", description = "Seconds after which a migration is aborted.")
    double migrationTimeoutSeconds() default 120;

    @AttributeDefinition(name = "Cooldown", description = "Cycles during which a policy may not move a guest again after a migration.")
    int cooldownCycles() default 5;

    @AttributeDefinition(name = "History size", description = "Samples kept per subject and metric.")
    int historySize() default 60;

    @AttributeDefinition(name = "Probe timeout", description = "Milliseconds a cycle waits for all its probes together "
            + "(they run in parallel); a probe still running then is given up for the cycle and not called again "
            + "until that call returns.")
    long probeTimeoutMillis() default 2000;

    @AttributeDefinition(name = "Journal size", description = "Journal entries kept in memory.")
    int journalSize() default 10000;

    @AttributeDefinition(name = "Default migration mode", description = "Mode of policy migrations.", options = {
            @Option(label = "Live", value = "live"), @Option(label = "Regular (paused)", value = "regular")})
    String defaultMigrationMode() default "live";
}
