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

    @AttributeDefinition(name = "Tier name", required = false, description = "An application tier to place by its "
            + "request rate (the HTTP probe's tier); empty disables the tier rule.")
    String tierName() default "";

    @AttributeDefinition(name = "Tier guests", required = false, description = "Names of the guests that form the "
            + "tier (guests whose driver reports this tier belong too).")
    String[] tierGuests() default {};

    @AttributeDefinition(name = "Tier home host", required = false, description = "Host the tier comes back to when "
            + "quiet (where its front end runs); empty = the host with most tier guests.")
    String tierHome() default "";

    @AttributeDefinition(name = "Tier busy rate", description = "Requests/s above which, for sustainCycles cycles, "
            + "the tier is busy.")
    double tierRateHigh() default 40;

    @AttributeDefinition(name = "Tier quiet rate", description = "Requests/s below which, for sustainCycles cycles, "
            + "the tier is quiet.")
    double tierRateLow() default 10;

    @AttributeDefinition(name = "Tier host CPU high", description = "CPU demand share above which, for sustainCycles "
            + "cycles, a host running two or more tier guests is too small for them while the tier is busy.")
    double tierCpuHigh() default 0.4;

    @AttributeDefinition(name = "Tier host CPU low", description = "A quiet tier comes back to its home host only if "
            + "that host's CPU demand share stays at or below this with the returning guest.")
    double tierCpuLow() default 0.3;
}
