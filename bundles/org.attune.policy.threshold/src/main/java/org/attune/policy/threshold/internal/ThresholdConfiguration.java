package org.attune.policy.threshold.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Typed configuration of the threshold policy (PID {@code org.attune.policy.threshold}). */
@ObjectClassDefinition(name = "Attune Threshold Policy",
        description = "Relieve hosts that stay hot; consolidate hosts that stay cold.")
public @interface ThresholdConfiguration {

    @AttributeDefinition(name = "High threshold", description = "CPU demand share above which a host is hot (0..1+).")
    double highThreshold() default 0.8;

    @AttributeDefinition(name = "Low threshold", description = "CPU demand share below which a host is cold.")
    double lowThreshold() default 0.3;

    @AttributeDefinition(name = "Sustain cycles", description = "Consecutive cycles above/below a threshold before acting.")
    int sustainCycles() default 3;

    @AttributeDefinition(name = "Consolidation ceiling",
            description = "A host receiving guests during consolidation must stay at or below this share.")
    double consolidationCeiling() default 0.6;
}
