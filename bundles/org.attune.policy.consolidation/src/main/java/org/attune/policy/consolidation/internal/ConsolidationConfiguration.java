package org.attune.policy.consolidation.internal;

import org.attune.policy.consolidation.ConsolidationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Typed configuration of the P1 overbooking policy (factory PID {@code org.attune.policy.consolidation}); each
 * factory configuration is one instance with its own name.
 */
@ObjectClassDefinition(name = "Attune Consolidation Policy (P1 overbooking)",
        description = "Active guests never share more CPU than a host has; inactive guests fill the remaining room.")
public @interface ConsolidationConfiguration {

    @AttributeDefinition(name = "Policy name",
            description = "Name under which attune:policy-list shows this instance (service property attune.policy.name).")
    String attune_policy_name() default ConsolidationPolicy.NAME;

    @AttributeDefinition(name = "History cycles",
            description = "How many recent CPU samples decide whether a guest is active.")
    int historyCycles() default 6;

    @AttributeDefinition(name = "Active share",
            description = "A guest whose CPU demand peaked above this share of its vCPUs (vcpus x core speed of its "
                    + "host) within the history is active; otherwise inactive.")
    double activeShare() default 0.1;

    @AttributeDefinition(name = "CPU ceiling",
            description = "The active guests' peak demands on a host must stay at or below this share of its capacity.")
    double cpuCeiling() default 1.0;

    @AttributeDefinition(name = "Max migrations per plan", description = "At most this many migrations in one plan.")
    int maxMigrations() default 4;
}
