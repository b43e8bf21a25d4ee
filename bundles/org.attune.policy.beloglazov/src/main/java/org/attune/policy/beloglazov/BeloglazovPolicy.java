package org.attune.policy.beloglazov;

import java.util.Objects;

import org.attune.api.ClusterView;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.policy.beloglazov.internal.Planner;

/**
 * The dynamic-consolidation baselines of Beloglazov &amp; Buyya (CCPE 2012) as implemented in CloudSim 3.0.3's
 * power package: every plan (1) finds overloaded hosts with THR, IQR, MAD, LR or LRR, (2) takes guests off each
 * of them by minimum migration time (smallest memory first) until it is no longer overloaded, (3) places those
 * guests power-aware best-fit-decreasing (powering a host on when that costs least), (4) tries to empty the
 * least-utilised hosts completely onto the others, and (5) switches empty hosts off, as the paper's hosts go to
 * sleep. Every "what if" goes through the shared cluster model, so memory, migrations in flight and placement
 * constraints are honoured. The CloudSim-compatible variant skips (5) and reproduces CloudSim's quirks.
 *
 * <p>Pure and thread-safe: the answer depends on the view and the settings only; {@link #configure} swaps the
 * settings atomically.
 */
public class BeloglazovPolicy implements Policy {

    private volatile BeloglazovSettings settings;

    public BeloglazovPolicy(BeloglazovSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Replaces the settings; the next plan uses them. */
    public void configure(BeloglazovSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
    }

    public BeloglazovSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Plan plan(ClusterView view) {
        return new Planner(view, settings).plan();
    }
}
