package org.attune.policy.beloglazov.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.attune.api.ClusterView;
import org.attune.api.Host;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;

/**
 * The dynamic-consolidation baselines of Beloglazov &amp; Buyya (CCPE 2012) as implemented in CloudSim 3.0.3's
 * power package: every plan (1) finds overloaded hosts with THR, IQR, MAD, LR or LRR, (2) takes guests off each
 * of them by minimum migration time (smallest memory first) until it is no longer overloaded, (3) places those
 * guests power-aware best-fit-decreasing, and (4) tries to empty the least-utilised hosts completely onto the
 * others. See {@link Planner} for the details and the README for the CloudSim-compatible mode.
 *
 * <p>Pure: the answer depends on the view and the settings only.
 */
public class BeloglazovPolicy implements Policy {

    /** Settings with a memo of each host's power model (matching patterns on every plan is costly). */
    private record Configured(BeloglazovSettings settings, Map<String, PowerModel> powerByHost) {
        PowerModel powerOf(Host h) {
            PowerModel m = powerByHost.get(h.id());
            if (m == null) {
                m = settings.powerOf(h.name(), h.id());
                if (powerByHost.size() < MEMO_LIMIT) {
                    powerByHost.put(h.id(), m);
                }
            }
            return m;
        }
    }

    private static final int MEMO_LIMIT = 1 << 20;

    private volatile Configured configured;

    public BeloglazovPolicy(BeloglazovSettings settings) {
        this.configured = new Configured(settings, new ConcurrentHashMap<>());
    }

    /** Replaces the settings; the next plan uses them. */
    protected void configure(BeloglazovSettings newSettings) {
        this.configured = new Configured(newSettings, new ConcurrentHashMap<>());
    }

    public BeloglazovSettings settings() {
        return configured.settings();
    }

    @Override
    public String name() {
        return configured.settings().name();
    }

    @Override
    public Plan plan(ClusterView view) {
        Configured c = configured;
        return new Planner(view, c.settings(), c::powerOf).plan();
    }
}
