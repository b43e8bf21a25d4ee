package org.attune.policy.beloglazov.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Typed configuration of one Beloglazov policy variant (factory PID {@code org.attune.policy.beloglazov}). */
@ObjectClassDefinition(name = "Attune Beloglazov Policy",
        description = "One variant of the Beloglazov & Buyya consolidation baselines: overload detection, "
                + "minimum-migration-time selection, power-aware best-fit-decreasing placement, under-load evacuation.")
public @interface BeloglazovConfiguration {

    @AttributeDefinition(name = "Name", description = "The variant's attune.policy.name, e.g. lr-mmt-1.2.")
    String name();

    @AttributeDefinition(name = "Detection", description = "Host-overload detection method.", options = {
            @Option(value = "thr", label = "Static threshold"),
            @Option(value = "iqr", label = "Interquartile range"),
            @Option(value = "mad", label = "Median absolute deviation"),
            @Option(value = "lr", label = "Local regression"),
            @Option(value = "lrr", label = "Robust local regression")})
    String detection() default "thr";

    @AttributeDefinition(name = "Parameter",
            description = "thr: the CPU share threshold; iqr/mad: safety factor s of 1 - s*spread; "
                    + "lr/lrr: safety factor s of s*predicted >= 1.")
    double parameter() default 0.8;

    @AttributeDefinition(name = "Fallback threshold",
            description = "Static threshold used while a host's history is too short (12 samples for iqr/mad, 10 for lr/lrr).")
    double fallbackThreshold() default 0.7;

    @AttributeDefinition(name = "Regression horizon",
            description = "lr/lrr predict the share this many periods after the newest sample.")
    int regressionHorizon() default 1;

    @AttributeDefinition(name = "CloudSim compatible",
            description = "Reproduce CloudSim 3.0.3 exactly, quirks included (for benchmarks against published figures).")
    boolean cloudsimCompatible() default false;
}
