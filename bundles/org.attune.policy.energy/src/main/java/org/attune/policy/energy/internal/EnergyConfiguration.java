package org.attune.policy.energy.internal;

import org.attune.policy.energy.EnergyPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Typed configuration of the P2 energy policy (factory PID {@code org.attune.policy.energy}). */
@ObjectClassDefinition(name = "Attune Energy Policy (P2)",
        description = "Consolidate, power empty hosts off, power hosts on before the running ones run out of capacity.")
public @interface EnergyConfiguration {

    @AttributeDefinition(name = "Policy name",
            description = "Name under which attune:policy-list shows this instance (service property attune.policy.name).")
    String attune_policy_name() default EnergyPolicy.NAME;

    @AttributeDefinition(name = "History cycles",
            description = "Recent samples used for a guest's peak demand and for the demand trend.")
    int historyCycles() default 6;

    @AttributeDefinition(name = "Target utilization",
            description = "Consolidation keeps every receiving host's peak demand at or below this share of its capacity.")
    double targetUtilization() default 0.7;

    @AttributeDefinition(name = "Power-on threshold",
            description = "When the demand projected one boot time ahead (the host's own, from its power profile) "
                    + "exceeds this share of the capacity of the hosts that are on or booting, more hosts are powered on.")
    double powerOnThreshold() default 0.85;

    @AttributeDefinition(name = "Power-off threshold",
            description = "An empty host is powered off only if the projected demand stays at or below this share "
                    + "of the capacity that remains on.")
    double powerOffThreshold() default 0.6;

    @AttributeDefinition(name = "Minimum hosts on", description = "Never fewer hosts on than this.")
    int minHostsOn() default 1;

    @AttributeDefinition(name = "Max migrations per plan", description = "At most this many migrations in one plan.")
    int maxMigrations() default 4;
}
