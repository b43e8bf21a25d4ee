package org.attune.policy.locality.internal;

import org.attune.policy.locality.LocalityPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Typed configuration of the P3 locality policy (factory PID {@code org.attune.policy.locality}). */
@ObjectClassDefinition(name = "Attune Locality Policy (P3)",
        description = "Brings guests that exchange the most traffic onto the same host when capacity allows.")
public @interface LocalityConfiguration {

    @AttributeDefinition(name = "Policy name",
            description = "Name under which attune:policy-list shows this instance (service property attune.policy.name).")
    String attune_policy_name() default LocalityPolicy.NAME;

    @AttributeDefinition(name = "History cycles",
            description = "Traffic rates and CPU demands are averaged (traffic) or peaked (CPU) over this many samples.")
    int historyCycles() default 3;

    @AttributeDefinition(name = "CPU ceiling",
            description = "A host receiving a guest must stay at or below this share of its CPU capacity (peak demands).")
    double cpuCeiling() default 0.8;

    @AttributeDefinition(name = "Minimum gain (bytes/s)",
            description = "A move must cut cross-host traffic by at least this much; smaller pairs are left alone.")
    double minGainBytesPerSecond() default 1024;

    @AttributeDefinition(name = "Max migrations per plan", description = "At most this many migrations in one plan.")
    int maxMigrations() default 2;
}
