package org.attune.policy.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validated settings of the forecast policy. Immutable.
 *
 * @param window          samples of history the forecast looks at (one per cycle)
 * @param quantile        the forecast of a host is this quantile (0..1] of its aggregate demand over the window
 * @param fill            a host may receive guests while its forecast stays at or below this share of capacity
 * @param hot             a host is relieved when its current demand, or its forecast, exceeds this share
 * @param cold            a host is a candidate for evacuation (all guests or none) when its forecast is below this
 *                        share
 * @param youngMargin     extra share added to a guest's forecast per missing sample when its history is shorter
 *                        than the window (a new guest is uncertain)
 * @param maxEvacuations  hosts evacuated per plan at most (0 = no limit)
 * @param powerManagement switch empty hosts off and power hosts on when no running host can take a guest; false where
 *                        the platform switches hosts by itself (CloudSim's model)
 */
public record ForecastSettings(int window, double quantile, double fill, double hot, double cold, double youngMargin,
                               int maxEvacuations, boolean powerManagement) {

    public static final ForecastSettings DEFAULTS = new ForecastSettings(12, 0.9, 0.85, 1.0, 0.6, 0.02, 0, true);

    /** @throws IllegalArgumentException naming every inconsistent value */
    public ForecastSettings {
        List<String> problems = new ArrayList<>();
        if (window < 1 || window > 1000) {
            problems.add("window must be 1..1000 samples, was " + window);
        }
        if (!(quantile > 0) || quantile > 1) {
            problems.add("quantile must be in (0, 1], was " + quantile);
        }
        if (!(fill > 0) || fill > 1) {
            problems.add("fill must be in (0, 1], was " + fill);
        }
        if (!(hot >= fill)) {
            problems.add("hot must be at least fill (" + fill + "), was " + hot);
        }
        if (!(cold >= 0) || !(cold < fill)) {
            problems.add("cold must be >= 0 and below fill (" + fill + "), was " + cold);
        }
        if (!(youngMargin >= 0) || youngMargin > 1) {
            problems.add("youngMargin must be in [0, 1], was " + youngMargin);
        }
        if (maxEvacuations < 0) {
            problems.add("maxEvacuations must be >= 0, was " + maxEvacuations);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.policy.forecast: "
                    + String.join("; ", problems));
        }
    }

    public ForecastSettings withPowerManagement(boolean value) {
        return new ForecastSettings(window, quantile, fill, hot, cold, youngMargin, maxEvacuations, value);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "window %d, quantile %s, fill %s, hot %s, cold %s, youngMargin %s, "
                + "maxEvacuations %d, powerManagement %s", window, quantile, fill, hot, cold, youngMargin, maxEvacuations,
                powerManagement);
    }
}
