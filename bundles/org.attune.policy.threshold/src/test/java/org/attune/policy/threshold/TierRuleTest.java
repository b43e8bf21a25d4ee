package org.attune.policy.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.attune.testing.cluster.Plans.migrations;
import static org.attune.testing.cluster.Plans.requireValid;
import static org.attune.testing.cluster.TestConstraints.apart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.attune.api.ClusterView;
import org.attune.api.MetricHistory;
import org.attune.api.Metrics;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.testing.cluster.ClusterFixture;
import org.junit.jupiter.api.Test;

/** The threshold policy's tier rule: spread a busy tier, gather a quiet one, never ping-pong. */
class TierRuleTest {

    /** The lab's numbers: hosts of 2 cores x 1000 MIPS whose guests may use half a core (share 0.25 at most). */
    private static final TierRule APP = new TierRule("app", Set.of("g1", "g2"), "hostA", 25, 8, 0.2, 0.15);
    private static final ThresholdSettings SETTINGS = new ThresholdSettings(0.9, 0.05, 3, 0.5, APP);

    private final ThresholdPolicy policy = new ThresholdPolicy(SETTINGS);

    /**
     * Hosts hostA..hostC of the libvirt driver, guests of 1 vCPU and 128 MiB (no tier unless said) with a CPU demand;
     * host CPU and tier rate histories one second apart, the newest at 2 s.
     */
    private static ClusterFixture cluster() {
        return ClusterFixture.create().hosts(h -> h.driver("libvirt")).guests(g -> g.memory(128))
                .time(Instant.ofEpochMilli(2000));
    }

    /** Both app guests and the idle third guest on hostA, hostB/hostC empty. */
    private static ClusterFixture together(double shareA, double... rates) {
        return cluster().host("hostA", shareA, shareA, shareA).host("hostB", 0, 0, 0).host("hostC", 0, 0, 0)
                .guest("g1", "hostA", 250).guest("g2", "hostA", 245).requestRate("app", rates);
    }

    @Test
    void aBusyTierOnAFullHostSpreadsOneGuestToAFreeHost() {
        Plan plan = policy.plan(together(0.25, 30, 31, 33).view());
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.guestId()).as("the smaller demand moves").isEqualTo("g2");
            assertThat(m.fromHostId()).isEqualTo("hostA");
            assertThat(m.toHostId()).isEqualTo("hostB");
            assertThat(m.reason()).isEqualTo("tier app busy: 33.0 req/s > 25.0 and hostA CPU 25% > 20% for 3 cycles;"
                    + " g2 to hostB (0%)");
        });
    }

    @Test
    void nothingMovesBeforeTheRateAndTheCpuStayHighForKCycles() {
        assertThat(policy.plan(together(0.25, 20, 31, 33).view()).actions()).as("rate high for 2 cycles").isEmpty();
        ClusterFixture cpuLow = cluster().host("hostA", 0.25, 0.15, 0.25).host("hostB", 0, 0, 0)
                .guest("g1", "hostA", 250).guest("g2", "hostA", 245).requestRate("app", 30, 31, 33);
        Plan plan = policy.plan(cpuLow.view());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).contains("tier app busy (33.0 req/s) but hostA CPU not above 20% for 3 cycles");
    }

    @Test
    void aQuietSpreadTierComesBackToItsHome() {
        ClusterFixture c = cluster().host("hostA", 0.02, 0.02, 0.02).host("hostB", 0.02, 0.02, 0.02)
                .guest("g1", "hostA", 30).guest("g2", "hostB", 30).requestRate("app", 6, 5, 3);
        assertThat(migrations(policy.plan(c.view()))).singleElement().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("g2");
            assertThat(m.toHostId()).isEqualTo("hostA");
            assertThat(m.reason()).isEqualTo("tier app quiet: 3.0 req/s < 8.0 for 3 cycles; g2 back to hostA (4% after)");
        });
        // The home is configured: g1 goes to hostA even when it is the one that moved away.
        ClusterFixture swapped = cluster().host("hostA", 0.02, 0.02, 0.02).host("hostB", 0.02, 0.02, 0.02)
                .host("hostC", 0, 0, 0).guest("g1", "hostC", 30).guest("g2", "hostA", 30).requestRate("app", 6, 5, 3);
        assertThat(migrations(policy.plan(swapped.view()))).singleElement()
                .satisfies(m -> assertThat(m.toHostId()).isEqualTo("hostA"));
    }

    @Test
    void aQuietTierStaysApartWhenItsHomeWouldBeTooBusy() {
        ClusterFixture c = cluster().host("hostA", 0.1, 0.1, 0.1).host("hostB", 0.05, 0.05, 0.05)
                .guest("g1", "hostA", 200).guest("g2", "hostB", 150).requestRate("app", 6, 5, 3);
        Plan plan = policy.plan(c.view());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).contains("tier app quiet but g2 stays on hostB: hostA would exceed 15% CPU");
    }

    @Test
    void betweenTheRatesNothingMoves() {
        assertThat(policy.plan(together(0.25, 20, 20, 20).view()).actions()).isEmpty();
        ClusterFixture apart = cluster().host("hostA", 0.02, 0.02, 0.02).host("hostB", 0.02, 0.02, 0.02)
                .guest("g1", "hostA", 30).guest("g2", "hostB", 30).requestRate("app", 12, 10, 9);
        assertThat(policy.plan(apart.view()).actions()).isEmpty();
    }

    @Test
    void theHostRulesLeaveTierGuestsAlone() {
        // hostB with g2 alone is "cold" for the host rule (5% > 2%...): consolidation would bring g2 back while the
        // tier is still busy. With the tier rule, only the tier rule places g2.
        ClusterFixture c = cluster().host("hostA", 0.03, 0.03, 0.03).host("hostB", 0.03, 0.03, 0.03)
                .guest("g1", "hostA", 60).guest("g2", "hostB", 60).requestRate("app", 30, 30, 30);
        ThresholdPolicy lowCeiling = new ThresholdPolicy(new ThresholdSettings(0.9, 0.2, 3, 0.5, APP));
        assertThat(lowCeiling.plan(c.view()).actions()).isEmpty();
        ThresholdPolicy noTier = new ThresholdPolicy(new ThresholdSettings(0.9, 0.2, 3, 0.5));
        assertThat(noTier.plan(c.view()).actions()).as("without the tier rule the host rule would move it")
                .isNotEmpty();
    }

    @Test
    void aStaleRateOrATierMigrationUnderWayMovesNothing() {
        ClusterFixture stale = together(0.25, 30, 31, 33);
        ClusterView old = stale.view().toBuilder().time(Instant.ofEpochMilli(10_000)).build();
        Plan plan = policy.plan(old);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).contains("tier app: no current request rate");

        ClusterFixture moving = together(0.25, 30, 31, 33);
        moving.migrating("g1", "hostC", 0.3);
        assertThat(policy.plan(moving.view()).actions()).isEmpty();

        ClusterFixture pinned = together(0.25, 30, 31, 33);
        pinned.pin("g1", "g2");
        assertThat(policy.plan(pinned.view()).actions()).isEmpty();
    }

    @Test
    void guestsTheDriverReportsInTheTierBelongToIt() {
        TierRule byDriver = new TierRule("app", Set.of(), "", 25, 8, 0.2, 0.15);
        ClusterFixture c = cluster().host("hostA", 0.25, 0.25, 0.25).host("hostB", 0, 0, 0)
                .guest("web1", "hostA", g -> g.tier("app"), 250).guest("web2", "hostA", g -> g.tier("app"), 245)
                .guest("db", "hostA", 0).requestRate("app", 30, 31, 33);
        assertThat(migrations(new ThresholdPolicy(new ThresholdSettings(0.9, 0.05, 3, 0.5, byDriver)).plan(c.view())))
                .singleElement().satisfies(m -> assertThat(m.guestId()).isEqualTo("web2"));
    }

    @Test
    void aBusyTierSpreadsOnlyWhereNoHardConstraintObjects() {
        // Without a rule g2 goes to hostB (aBusyTierOnAFullHost...); db on hostB must stay apart from g2.
        ClusterFixture c = together(0.25, 30, 31, 33).guest("db", "hostB", 0);
        c.constraint(apart("g2", "db", true));
        ClusterView view = c.view();
        assertThat(migrations(requireValid(view, policy.plan(view)))).singleElement().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("g2");
            assertThat(m.toHostId()).isEqualTo("hostC");
        });
    }

    @Test
    void aQuietTierDoesNotComeHomeAgainstAHardConstraint_andThePlanSaysWhy() {
        ClusterFixture c = cluster().host("hostA", 0.02, 0.02, 0.02).host("hostB", 0.02, 0.02, 0.02)
                .guest("g1", "hostA", 30).guest("g2", "hostB", 30).guest("db", "hostA", 0).requestRate("app", 6, 5, 3);
        c.constraint(apart("g2", "db", true));
        ClusterView view = c.view();
        Plan plan = requireValid(view, policy.plan(view));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n)
                .startsWith("tier app quiet but g2 stays on hostB: constraint anti-affinity g2/db"));
    }

    @Test
    void aQuietTierWaitsForTheMemoryAGuestLeavingItsHomeStillHolds() {
        // big (3968 MiB) is leaving hostA for hostC: until it has gone, hostA has 4096 - 128 - 3968 = 0 MiB free.
        ClusterFixture c = cluster().host("hostA", 0.02, 0.02, 0.02).host("hostB", 0.02, 0.02, 0.02)
                .host("hostC", 0, 0, 0)
                .guest("g1", "hostA", 30).guest("g2", "hostB", 30).requestRate("app", 6, 5, 3);
        c.guest("big", "hostA", g -> g.memory(3968)).migrating("big", "hostC", 0.5);
        ClusterView view = c.view();
        Plan plan = requireValid(view, policy.plan(view));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n)
                .startsWith("tier app quiet but g2 stays on hostB: hostA has 0 MiB free"));

        // Once big has left, g2 comes home.
        c.arrived("big");
        ClusterView done = c.view();
        assertThat(migrations(requireValid(done, policy.plan(done)))).singleElement()
                .satisfies(m -> assertThat(m.toHostId()).isEqualTo("hostA"));
    }

    /**
     * A whole day in the lab's shape, 1 s cycles: ramp up, a noisy hold around the busy rate, ramp down; CPU follows
     * the requests (10 MIPS each) under a 500-MIPS cap per host. Exactly two moves: out, then back.
     */
    @Test
    void aRampHoldRampDownMovesOutOnceAndBackOnce_noPingPong() {
        Random noise = new Random(42);
        Map<String, String> placement = new LinkedHashMap<>(Map.of("g1", "hostA", "g2", "hostA"));
        Map<MetricHistory.Key, List<double[]>> history = new HashMap<>();
        List<String> moves = new ArrayList<>();
        for (int t = 0; t < 600; t++) {
            double rate = t < 120 ? t * 0.35 : t < 420 ? 42 + 12 * (noise.nextDouble() - 0.5) : Math.max(0, 42 - (t - 420) * 0.35);
            Map<String, Double> hostMips = new HashMap<>(Map.of("hostA", 0.0, "hostB", 0.0, "hostC", 0.0));
            Map<String, Double> guestMips = new HashMap<>();
            for (String g : placement.keySet()) {
                guestMips.put(g, rate / 2 * 10);
                hostMips.merge(placement.get(g), rate / 2 * 10, Double::sum);
            }
            Map<MetricHistory.Key, Series> series = new HashMap<>();
            long now = t * 1000L;
            record(history, series, new MetricHistory.Key(Subject.tier("app"), Metrics.REQUEST_RATE), rate, now);
            for (String h : hostMips.keySet()) {
                double capped = Math.min(500, hostMips.get(h));
                record(history, series, new MetricHistory.Key(Subject.host(h), Metrics.CPU_DEMAND), capped / 2000, now);
            }
            for (String g : guestMips.keySet()) {
                double share = Math.min(500, hostMips.get(placement.get(g))) / Math.max(1, hostMips.get(placement.get(g)));
                record(history, series, new MetricHistory.Key(Subject.guest(g), Metrics.CPU_DEMAND),
                        guestMips.get(g) * share, now);
            }
            ClusterFixture c = cluster().time(Instant.ofEpochMilli(now)).host("hostA").host("hostB").host("hostC");
            placement.forEach(c::guest);
            series.forEach((key, values) -> c.history(key.subject(), key.metric(), values));
            ClusterView view = c.view();
            for (Action.Migrate m : migrations(policy.plan(view))) {
                placement.put(m.guestId(), m.toHostId());
                moves.add(t + ": " + m.guestId() + " " + m.fromHostId() + " -> " + m.toHostId());
            }
        }
        assertThat(moves).hasSize(2);
        assertThat(moves.get(0)).endsWith("hostA -> hostB");
        assertThat(moves.get(1)).endsWith("hostB -> hostA");
    }

    private static void record(Map<MetricHistory.Key, List<double[]>> history, Map<MetricHistory.Key, Series> series,
                               MetricHistory.Key key, double value, long now) {
        List<double[]> h = history.computeIfAbsent(key, k -> new ArrayList<>());
        h.add(new double[] {value, now});
        if (h.size() > 10) {
            h.remove(0);
        }
        double[] values = h.stream().mapToDouble(p -> p[0]).toArray();
        long[] times = h.stream().mapToLong(p -> (long) p[1]).toArray();
        series.put(key, Series.of(values, times));
    }

    @Test
    void inconsistentTierSettingsAreRefusedWithEveryProblemNamed() {
        assertThatThrownBy(() -> new ThresholdSettings(0.9, 0.05, 3, 0.5,
                new TierRule("bad name", Set.of(" "), "", 5, 8, 0, 0.1)))
                .hasMessageContaining("tierName must be 1-63 characters")
                .hasMessageContaining("tierGuests must not contain an empty name")
                .hasMessageContaining("tierRateLow must be >= 0 and below tierRateHigh (5.0), was 8.0")
                .hasMessageContaining("tierCpuHigh must be > 0, was 0.0")
                .hasMessageContaining("tierCpuLow must be > 0 and below tierCpuHigh (0.0), was 0.1");
    }
}
