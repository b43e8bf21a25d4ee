package org.attune.policy.forecast.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Typed configuration of the forecast policy (PID {@code org.attune.policy.forecast}). */
@ObjectClassDefinition(name = "Attune Forecast Policy",
        description = "Pack by a forecast of demand, relieve before saturation, consolidate with hysteresis.")
public @interface ForecastConfiguration {

    @AttributeDefinition(name = "Window", description = "Samples of history (cycles) the forecast looks at.")
    int window() default 12;

    @AttributeDefinition(name = "Quantile",
            description = "A host's forecast is this quantile (0..1] of its guests' summed demand over the window.")
    double quantile() default 0.9;

    @AttributeDefinition(name = "Fill", description = "A host receives guests while its forecast stays at or below this share.")
    double fill() default 0.85;

    @AttributeDefinition(name = "Hot", description = "A host whose current demand or forecast exceeds this share is relieved.")
    double hot() default 1.0;

    @AttributeDefinition(name = "Cold",
            description = "A host whose forecast is below this share is evacuated, if all its guests fit elsewhere.")
    double cold() default 0.6;

    @AttributeDefinition(name = "Young margin",
            description = "Share added to a guest's forecast per sample its history lacks (new guests are uncertain).")
    double youngMargin() default 0.02;

    @AttributeDefinition(name = "Max evacuations", description = "Hosts evacuated per plan at most; 0 for no limit.")
    int maxEvacuations() default 0;

    @AttributeDefinition(name = "Power management",
            description = "Switch empty hosts off, and power hosts on when no running host can take a guest.")
    boolean powerManagement() default true;
}
