package org.attune.policy.forecast;

import java.util.Objects;

import org.attune.api.ClusterView;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.policy.forecast.internal.ForecastPlanner;

/**
 * Attune's own placement policy: it forecasts instead of reacting, and packs memory and CPU together. A host's
 * forecast is a high quantile of its guests' summed demand over a window (guests that peak at different times share
 * headroom, volatile hosts keep more); hosts are relieved only when they saturate or are forecast to; hosts are
 * emptied in the order that frees the most power per migration, their guests going where they fill memory best
 * without breaking the forecast; empty hosts are switched off. Every "what if" goes through the shared cluster
 * model. See {@code ForecastPlanner} and the bundle README.
 *
 * <p>Pure and thread-safe: the answer depends on the view and the settings only; {@link #configure} swaps the
 * settings atomically.
 */
public class ForecastPolicy implements Policy {

    public static final String NAME = "forecast";

    private volatile ForecastSettings settings;

    public ForecastPolicy(ForecastSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Replaces the settings; the next plan uses them. */
    public void configure(ForecastSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
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
