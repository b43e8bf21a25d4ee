package org.attune.policy.forecast.internal;

import org.attune.api.ClusterView;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;

/**
 * Attune's own consolidation policy: it forecasts instead of reacting. A host's forecast is a high quantile of
 * its guests' summed demand over a window (so volatile guests get headroom, and guests that peak at different
 * times share it); hosts are relieved only when they saturate or are forecast to, and evacuated only when their
 * forecast is far below the fill level, which keeps migrations rare. See {@link ForecastPlanner}.
 *
 * <p>Pure: the answer depends on the view and the settings only.
 */
public class ForecastPolicy implements Policy {

    public static final String NAME = "forecast";

    private volatile ForecastSettings settings;

    public ForecastPolicy(ForecastSettings settings) {
        this.settings = settings;
    }

    protected void configure(ForecastSettings newSettings) {
        this.settings = newSettings;
    }

    public ForecastSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Plan plan(ClusterView view) {
        return new ForecastPlanner(view, settings).plan(NAME);
    }
}
