package org.attune.policy.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.MetricHistory;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.Plan;
import org.attune.model.validation.Limits;
import org.attune.model.validation.PlanValidator;
import org.junit.jupiter.api.Test;

/** The threshold policy's tier rule: spread a busy tier, gather a quiet one, never ping-pong. */
class TierRuleTest {

    /** The lab's numbers: hosts of 2 cores x 1000 MIPS whose guests may use half a core (share 0.25 at most). */
    private static final TierRule APP = new TierRule("app", Set.of("g1", "g2"), "hostA", 25, 8, 0.2, 0.15);
    private static final ThresholdSettings SETTINGS = new ThresholdSettings(0.9, 0.05, 3, 0.5, APP);

    private final ThresholdPolicy policy = new ThresholdPolicy(SETTINGS);

    /** Hosts hostA..hostC, guests with a CPU demand, host CPU and tier rate histories one second apart. */
    private static final class Cluster {
        final List<Host> hosts = new ArrayList<>();
        final List<Guest> guests = new ArrayList<>();
        final Map<String, String> placement = new HashMap<>();
        final Map<MetricHistory.Key, Series> series = new HashMap<>();
        final List<MigrationInFlight> inFlight = new ArrayList<>();
        final List<PlacementConstraint> constraints = new ArrayList<>();
        Set<String> pinned = Set.of();
        long time = 2000;

        Cluster host(String id, double... shares) {
            hosts.add(new Host(id, id, "libvirt", 2000, 2, 4096, PowerState.ON, Availability.ONLINE, ""));
            series.put(new MetricHistory.Key(Subject.host(id), Metrics.CPU_DEMAND), Series.regular(time, 1000, shares));
            return this;
        }

        Cluster guest(String name, String tier, String host, double demand) {
            guests.add(new Guest(name, name, 1, 128, "", tier, Map.of(), GuestState.RUNNING));
            placement.put(name, host);
            series.put(new MetricHistory.Key(Subject.guest(name), Metrics.CPU_DEMAND), Series.regular(time, 1000, demand));
            return this;
        }

        Cluster rate(double... values) {
            series.put(new MetricHistory.Key(Subject.tier("app"), Metrics.REQUEST_RATE), Series.regular(time, 1000, values));
            return this;
        }

        ClusterView view() {
            return ClusterView.builder().time(Instant.ofEpochMilli(time)).hosts(hosts).guests(guests)
                    .placement(placement).metrics(new MetricHistory(series)).inFlight(inFlight).pinned(pinned)
                    .constraints(constraints).build();
        }
    }

    /** Both app guests and the idle third guest on hostA, hostB/hostC empty. */
    private static Cluster together(double shareA, double... rates) {
        return new Cluster().host("hostA", shareA, shareA, shareA).host("hostB", 0, 0, 0).host("hostC", 0, 0, 0)
                .guest("g1", "", "hostA", 250).guest("g2", "", "hostA", 245).rate(rates);
    }

    private static List<Action.Migrate> migrations(Plan plan) {
        return plan.actions().stream().map(Action.Migrate.class::cast).toList();
    }

    /** The plan as the orchestrator's validator sees it: no step may be refused. */
    private static Plan valid(ClusterView view, Plan plan) {
        assertThat(new PlanValidator(Limits.NONE).validate(view, plan.actions()).refused())
                .as("steps refused in %s", plan.actions()).isEmpty();
        return plan;
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
        Cluster cpuLow = new Cluster().host("hostA", 0.25, 0.15, 0.25).host("hostB", 0, 0, 0)
                .guest("g1", "", "hostA", 250).guest("g2", "", "hostA", 245).rate(30, 31, 33);
        Plan plan = policy.plan(cpuLow.view());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).contains("tier app busy (33.0 req/s) but hostA CPU not above 20% for 3 cycles");
    }

    @Test
    void aQuietSpreadTierComesBackToItsHome() {
        Cluster c = new Cluster().host("hostA", 0.02, 0.02, 0.02).host("hostB", 0.02, 0.02, 0.02)
                .guest("g1", "", "hostA", 30).guest("g2", "", "hostB", 30).rate(6, 5, 3);
        assertThat(migrations(policy.plan(c.view()))).singleElement().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("g2");
            assertThat(m.toHostId()).isEqualTo("hostA");
            assertThat(m.reason()).isEqualTo("tier app quiet: 3.0 req/s < 8.0 for 3 cycles; g2 back to hostA (4% after)");
        });
        // The home is configured: g1 goes to hostA even when it is the one that moved away.
        Cluster swapped = new Cluster().host("hostA", 0.02, 0.02, 0.02).host("hostB", 0.02, 0.02, 0.02)
                .host("hostC", 0, 0, 0).guest("g1", "", "hostC", 30).guest("g2", "", "hostA", 30).rate(6, 5, 3);
        assertThat(migrations(policy.plan(swapped.view()))).singleElement()
                .satisfies(m -> assertThat(m.toHostId()).isEqualTo("hostA"));
    }

    @Test
    void aQuietTierStaysApartWhenItsHomeWouldBeTooBusy() {
        Cluster c = new Cluster().host("hostA", 0.1, 0.1, 0.1).host("hostB", 0.05, 0.05, 0.05)
                .guest("g1", "", "hostA", 200).guest("g2", "", "hostB", 150).rate(6, 5, 3);
        Plan plan = policy.plan(c.view());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).contains("tier app quiet but g2 stays on hostB: hostA would exceed 15% CPU");
    }

    @Test
    void betweenTheRatesNothingMoves() {
        assertThat(policy.plan(together(0.25, 20, 20, 20).view()).actions()).isEmpty();
        Cluster apart = new Cluster().host("hostA", 0.02, 0.02, 0.02).host("hostB", 0.02, 0.02, 0.02)
                .guest("g1", "", "hostA", 30).guest("g2", "", "hostB", 30).rate(12, 10, 9);
        assertThat(policy.plan(apart.view()).actions()).isEmpty();
    }

    @Test
    void theHostRulesLeaveTierGuestsAlone() {
        // hostB with g2 alone is "cold" for the host rule (5% > 2%...): consolidation would bring g2 back while the
        // tier is still busy. With the tier rule, only the tier rule places g2.
        Cluster c = new Cluster().host("hostA", 0.03, 0.03, 0.03).host("hostB", 0.03, 0.03, 0.03)
                .guest("g1", "", "hostA", 60).guest("g2", "", "hostB", 60).rate(30, 30, 30);
        ThresholdPolicy lowCeiling = new ThresholdPolicy(new ThresholdSettings(0.9, 0.2, 3, 0.5, APP));
        assertThat(lowCeiling.plan(c.view()).actions()).isEmpty();
        ThresholdPolicy noTier = new ThresholdPolicy(new ThresholdSettings(0.9, 0.2, 3, 0.5));
        assertThat(noTier.plan(c.view()).actions()).as("without the tier rule the host rule would move it")
                .isNotEmpty();
    }

    @Test
    void aStaleRateOrATierMigrationUnderWayMovesNothing() {
        Cluster stale = together(0.25, 30, 31, 33);
        stale.time = 2000;
        ClusterView old = stale.view().toBuilder().time(Instant.ofEpochMilli(10_000)).build();
        Plan plan = policy.plan(old);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).contains("tier app: no current request rate");

        Cluster moving = together(0.25, 30, 31, 33);
        moving.inFlight.add(new MigrationInFlight("g1", "hostA", "hostC", Instant.EPOCH, 0.3));
        assertThat(policy.plan(moving.view()).actions()).isEmpty();

        Cluster pinned = together(0.25, 30, 31, 33);
        pinned.pinned = Set.of("g1", "g2");
        assertThat(policy.plan(pinned.view()).actions()).isEmpty();
    }

    @Test
    void guestsTheDriverReportsInTheTierBelongToIt() {
        TierRule byDriver = new TierRule("app", Set.of(), "", 25, 8, 0.2, 0.15);
        Cluster c = new Cluster().host("hostA", 0.25, 0.25, 0.25).host("hostB", 0, 0, 0)
                .guest("web1", "app", "hostA", 250).guest("web2", "app", "hostA", 245).guest("db", "", "hostA", 0)
                .rate(30, 31, 33);
        assertThat(migrations(new ThresholdPolicy(new ThresholdSettings(0.9, 0.05, 3, 0.5, byDriver)).plan(c.view())))
                .singleElement().satisfies(m -> assertThat(m.guestId()).isEqualTo("web2"));
    }

    @Test
    void aBusyTierSpreadsOnlyWhereNoHardConstraintObjects() {
        // Without a rule g2 goes to hostB (aBusyTierOnAFullHost...); db on hostB must stay apart from g2.
        Cluster c = together(0.25, 30, 31, 33).guest("db", "", "hostB", 0);
        c.constraints.add(new AntiAffinity("g2", "db", true));
        ClusterView view = c.view();
        assertThat(migrations(valid(view, policy.plan(view)))).singleElement().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("g2");
            assertThat(m.toHostId()).isEqualTo("hostC");
        });
    }

    @Test
    void aQuietTierDoesNotComeHomeAgainstAHardConstraint_andThePlanSaysWhy() {
        Cluster c = new Cluster().host("hostA", 0.02, 0.02, 0.02).host("hostB", 0.02, 0.02, 0.02)
                .guest("g1", "", "hostA", 30).guest("g2", "", "hostB", 30).guest("db", "", "hostA", 0).rate(6, 5, 3);
        c.constraints.add(new AntiAffinity("g2", "db", true));
        ClusterView view = c.view();
        Plan plan = valid(view, policy.plan(view));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n)
                .startsWith("tier app quiet but g2 stays on hostB: constraint anti-affinity g2/db"));
    }

    @Test
    void aQuietTierWaitsForTheMemoryAGuestLeavingItsHomeStillHolds() {
        // big (3968 MiB) is leaving hostA for hostC: until it has gone, hostA has 4096 - 128 - 3968 = 0 MiB free.
        Cluster c = new Cluster().host("hostA", 0.02, 0.02, 0.02).host("hostB", 0.02, 0.02, 0.02)
                .host("hostC", 0, 0, 0)
                .guest("g1", "", "hostA", 30).guest("g2", "", "hostB", 30).rate(6, 5, 3);
        c.guests.add(new Guest("big", "big", 1, 3968, "", "", Map.of(), GuestState.RUNNING));
        c.placement.put("big", "hostA");
        c.inFlight.add(new MigrationInFlight("big", "hostA", "hostC", Instant.EPOCH, 0.5));
        ClusterView view = c.view();
        Plan plan = valid(view, policy.plan(view));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("tier app quiet but g2 stays on hostB: hostA has 0 MiB free"));

        // Once big has left, g2 comes home.
        c.inFlight.clear();
        c.placement.put("big", "hostC");
        ClusterView done = c.view();
        assertThat(migrations(valid(done, policy.plan(done)))).singleElement()
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
            List<Host> hosts = new ArrayList<>();
            for (String h : List.of("hostA", "hostB", "hostC")) {
                hosts.add(new Host(h, h, "libvirt", 2000, 2, 4096, PowerState.ON, Availability.ONLINE, ""));
            }
            List<Guest> guests = List.of(new Guest("g1", "g1", 1, 128, "", "", Map.of(), GuestState.RUNNING),
                    new Guest("g2", "g2", 1, 128, "", "", Map.of(), GuestState.RUNNING));
            ClusterView view = ClusterView.builder().time(Instant.ofEpochMilli(now)).hosts(hosts).guests(guests)
                    .placement(placement).metrics(new MetricHistory(series)).build();
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
