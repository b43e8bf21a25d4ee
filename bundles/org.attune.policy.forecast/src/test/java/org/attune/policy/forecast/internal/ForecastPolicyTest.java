package org.attune.policy.forecast.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.attune.testing.cluster.Plans.migrations;
import static org.attune.testing.cluster.TestConstraints.apart;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.Arrays;
import java.util.List;

import org.attune.api.ClusterView;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.model.validation.Limits;
import org.attune.model.validation.PlanValidator;
import org.attune.policy.forecast.ForecastPolicy;
import org.attune.policy.forecast.ForecastSettings;
import org.attune.testing.cluster.ClusterFixture;
import org.attune.testing.cluster.ClusterFixture.GuestOptions;
import org.junit.jupiter.api.Test;

class ForecastPolicyTest {

    /** Window 4, quantile 1 (the aggregate's peak), fill 0.8, hot 1.0, cold 0.3: easy to compute by hand. */
    private static final ForecastSettings SETTINGS = new ForecastSettings(4, 1.0, 0.8, 1.0, 0.3, 0, 0, true);

    /**
     * Hosts of 1000 capacity units on one core (so a guest may use the whole host) with plenty of memory, linear
     * 100-200 W, unless said otherwise; guests of one vCPU with a demand history (capacity units), oldest first, one
     * sample every 5 minutes; the last value is the demand now.
     */
    private static ClusterFixture cluster() {
        return ClusterFixture.create()
                .hosts(h -> h.capacity(1000).cpus(1).memory(1 << 20).profile(PowerProfile.linear(100, 200)))
                .sampleInterval(Duration.ofMinutes(5));
    }

    /** A guest of {@code miB} MiB (512 unless said). */
    private static Consumer<GuestOptions> mem(long miB) {
        return g -> g.memory(miB);
    }

    private static Plan plan(ClusterFixture c) {
        Plan plan = new ForecastPolicy(SETTINGS).plan(c.view());
        // Every plan of the policy passes the orchestrator's validator.
        assertThat(new PlanValidator(Limits.NONE).validate(c.view(), plan.actions()).refused()).isEmpty();
        return plan;
    }

    private static double[] flat(double v) {
        double[] d = new double[4];
        Arrays.fill(d, v);
        return d;
    }

    @Test
    void hotHost_givesUpTheSingleGuestThatIsEnough_withTheLeastMemory_toTheHostItFillsBest() {
        // hot: 1100 > 1000. Removing b (300, 2048 MiB) or c (300, 512 MiB) brings it to 800 = fill; a (500) too,
        // but c has the least memory. Both t1 and t2 take it under 800; t2 has less memory free: c fills it best.
        ClusterFixture c = cluster().host("hot").host("t1", h -> h.memory(8192)).host("t2", h -> h.memory(4096))
                .guest("a", "hot", mem(4096), flat(500)).guest("b", "hot", mem(2048), flat(300))
                .guest("c", "hot", flat(300))
                .guest("x", "t1", mem(1024), flat(400)).guest("y", "t2", mem(1024), flat(400));
        List<Action.Migrate> m = migrations(plan(c));
        assertThat(m).hasSize(1);
        assertThat(m.get(0).guestId()).isEqualTo("c");
        assertThat(m.get(0).fromHostId()).isEqualTo("hot");
        assertThat(m.get(0).toHostId()).isEqualTo("t2");
    }

    @Test
    void aHostIsPoweredOnOnlyWhenNoRunningHostFits_theOneDrawingLeastAtIdle() {
        ClusterFixture c = cluster().host("hot").host("full")
                .host("thirsty", h -> h.memory(4096).profile(PowerProfile.linear(150, 250)).power(PowerState.OFF))
                .host("frugal", h -> h.memory(4096).profile(PowerProfile.linear(80, 200)).power(PowerState.OFF))
                .guest("a", "hot", mem(1024), flat(600)).guest("b", "hot", flat(500))
                .guest("x", "full", mem(1024), flat(700));
        Plan p = plan(c);
        assertThat(p.actions()).first().isInstanceOfSatisfying(Action.PowerOn.class,
                on -> assertThat(on.hostId()).isEqualTo("frugal"));
        assertThat(migrations(p)).extracting(Action.Migrate::guestId, Action.Migrate::toHostId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("b", "frugal"));
    }

    @Test
    void forecastIsTheAggregatePeak_soGuestsPeakingApartShareHeadroom_andOnesPeakingTogetherDoNot() {
        // Cold host "src" (forecast 200 < 0.3 x 1000) holds g. Both receivers have the same forecast (650), but on
        // "apart" the peaks alternate with g's: the aggregate peak is 700 <= 800 and g fits; on "together" they
        // coincide: 850 > 800, so g stays.
        ClusterFixture apart = cluster().host("src").host("apart")
                .guest("g", "src", 200, 50, 200, 50).guest("h", "apart", 100, 650, 100, 650);
        assertThat(migrations(plan(apart))).extracting(Action.Migrate::toHostId).containsExactly("apart");

        ClusterFixture together = cluster().host("src").host("together")
                .guest("g", "src", 200, 50, 200, 50).guest("k", "together", 650, 100, 650, 100);
        assertThat(migrations(plan(together))).isEmpty();
    }

    @Test
    void volatileGuestsGetHeadroom_steadyOnesDoNot() {
        // Same demand now (100) on a big cold host; the volatile guest peaked at 600 within the window, so it does
        // not fit next to 500 (1100 > 800) while the steady one does (600).
        ClusterFixture steady = cluster().host("src", h -> h.capacity(4000)).host("dst")
                .guest("s", "src", flat(100)).guest("d", "dst", flat(500));
        assertThat(migrations(plan(steady))).extracting(Action.Migrate::guestId).containsExactly("s");
        ClusterFixture spiky = cluster().host("src", h -> h.capacity(4000)).host("dst")
                .guest("v", "src", 100, 600, 100, 100).guest("d", "dst", flat(500));
        assertThat(migrations(plan(spiky))).isEmpty();
    }

    @Test
    void coldHost_isEmptiedCompletely_orNotAtAll_andSwitchedOffOnceItsGuestsHaveLeft() {
        ClusterFixture fits = cluster().host("cold").host("warm")
                .guest("a", "cold", flat(100)).guest("b", "cold", flat(100)).guest("w", "warm", flat(500));
        Plan p = plan(fits);
        assertThat(migrations(p)).extracting(Action.Migrate::guestId, Action.Migrate::toHostId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", "warm"),
                        org.assertj.core.groups.Tuple.tuple("b", "warm"));
        assertThat(p.actions()).last().isEqualTo(new Action.PowerOff("cold",
                "cold is empty once its guests have left: switched off"));
        // 550 + 140 = 690 fits, 690 + 140 = 830 > 800 does not: neither moves.
        ClusterFixture tight = cluster().host("cold").host("warm")
                .guest("a", "cold", flat(140)).guest("b", "cold", flat(140)).guest("w", "warm", flat(550));
        assertThat(plan(tight).actions()).isEmpty();
    }

    @Test
    void withoutPowerManagementNoHostIsSwitched() {
        ClusterFixture c = cluster().host("cold").host("warm").host("idle")
                .guest("a", "cold", flat(100)).guest("w", "warm", flat(500));
        Plan p = new ForecastPolicy(SETTINGS.withPowerManagement(false)).plan(c.view());
        assertThat(p.actions()).allMatch(Action.Migrate.class::isInstance).hasSize(1);
    }

    @Test
    void emptyingStartsWithTheHostsThatSaveMostPowerPerMigration() {
        // Room for only two more guests on "big". "one" (1 guest) and "two" (2 guests) compete: "one" goes first;
        // among the single-guest hosts the one drawing more at idle goes first.
        ClusterFixture c = cluster().host("big", h -> h.capacity(4000).memory(3072))
                .host("two").host("one")
                .host("greedy", h -> h.profile(PowerProfile.linear(180, 250)))
                .guest("z", "big", mem(1024), flat(100))
                .guest("t1", "two", mem(1024), flat(50)).guest("t2", "two", mem(1024), flat(50))
                .guest("o", "one", mem(1024), flat(50)).guest("gr", "greedy", mem(1024), flat(50));
        assertThat(migrations(plan(c))).extracting(Action.Migrate::guestId).containsExactlyInAnyOrder("gr", "o");
    }

    @Test
    void hysteresis_aHostBetweenColdAndFillIsLeftAlone() {
        // Both hosts at 400 (0.4: above cold 0.3, below fill 0.8): merging would save a host, but neither is cold.
        ClusterFixture c = cluster().host("h1").host("h2")
                .guest("a", "h1", flat(400)).guest("b", "h2", flat(400));
        assertThat(plan(c).actions()).isEmpty();
    }

    @Test
    void pinnedGuestsNeitherMoveNorLetTheirHostBeEvacuated() {
        ClusterFixture c = cluster().host("hot").host("t").host("cold")
                .guest("a", "hot", flat(700)).guest("b", "hot", flat(400)).guest("x", "t", flat(100))
                .guest("p", "cold", flat(50));
        c.pin("a", "b", "p");
        Plan p = plan(c);
        assertThat(migrations(p)).extracting(Action.Migrate::guestId).doesNotContain("a", "b", "p");
    }

    @Test
    void youngGuestsAreForecastAboveTheirPeakSoFar() {
        ForecastSettings young = new ForecastSettings(4, 1.0, 0.8, 1.0, 0.3, 0.25, 0, true);
        // One sample of 200: with 3 missing samples at +25% each its forecast is 200 x 1.75 = 350, which does not
        // fit next to 500 under 800; with a full history of 200 it would.
        ClusterFixture c = cluster().host("src", h -> h.capacity(4000)).host("dst")
                .guest("g", "src", 200).guest("d", "dst", flat(500));
        assertThat(migrations(new ForecastPolicy(young).plan(c.view()))).isEmpty();
        ClusterFixture old = cluster().host("src", h -> h.capacity(4000)).host("dst")
                .guest("g", "src", flat(200)).guest("d", "dst", flat(500));
        assertThat(migrations(new ForecastPolicy(young).plan(old.view()))).hasSize(1);
    }

    @Test
    void unmeasuredGuestsStayPut_andTheirHostsReceiveNothing() {
        // No samples yet (e.g. just after start): a demand of 0 would be a guess, so nothing is packed on it.
        ClusterFixture c = cluster().host("h1").host("h2").host("h3")
                .guest("m", "h1", new double[0]).guest("a", "h2", flat(100)).guest("b", "h3", flat(500));
        Plan p = plan(c);
        assertThat(migrations(p)).extracting(Action.Migrate::guestId, Action.Migrate::toHostId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "h3"));
        assertThat(p.notes()).anyMatch(n -> n.contains("without cpu.demand samples"));
    }

    @Test
    void aHostWithoutTheMemoryIsPassedOver_memoryHeldByAMigrationInFlightIncluded() {
        // t2 fits best by memory but holds 768 of 1024 MiB: the 512-MiB guest goes to t1.
        ClusterFixture c = cluster().host("hot").host("t1", h -> h.memory(4096)).host("t2", h -> h.memory(1024))
                .guest("a", "hot", mem(4096), flat(750)).guest("c", "hot", flat(300))
                .guest("x", "t1", mem(1024), flat(400)).guest("y", "t2", mem(768), flat(300));
        assertThat(migrations(plan(c))).extracting(Action.Migrate::guestId, Action.Migrate::toHostId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c", "t1"));
        // t1 would take c, but 3,000 MiB of it are held by i migrating there from "other".
        ClusterFixture held = cluster().host("hot").host("t1", h -> h.memory(4096)).host("other")
                .guest("a", "hot", mem(4096), flat(750)).guest("c", "hot", flat(300))
                .guest("x", "t1", mem(1024), flat(100)).guest("i", "other", mem(3000), flat(10));
        held.migrating("i", "t1", 0.5);
        assertThat(migrations(plan(held))).noneMatch(m -> m.toHostId().equals("t1"));
    }

    @Test
    void aGuestGoesNowhereItsPeakWouldBeCappedByASlowerCore() {
        // "slow" has two 500-MIPS cores: a one-vCPU guest peaking at 600 would be capped there, so it goes to "fast".
        ClusterFixture c = cluster().host("hot")
                .host("slow", h -> h.cpus(2).memory(8192).profile(PowerProfile.linear(50, 100)))
                .host("fast", h -> h.memory(8192))
                .guest("a", "hot", flat(500)).guest("b", "hot", mem(256), 100, 600, 100, 600)
                .guest("s", "slow", flat(100)).guest("f", "fast", flat(100));
        assertThat(migrations(plan(c))).filteredOn(m -> m.guestId().equals("b"))
                .extracting(Action.Migrate::toHostId).containsExactly("fast");
    }

    @Test
    void aHardPlacementConstraintIsNeverBroken() {
        ClusterFixture c = cluster().host("cold").host("warm")
                .guest("a", "cold", flat(100)).guest("w", "warm", flat(500));
        assertThat(migrations(plan(c))).hasSize(1);
        c.constraint(apart("a", "w"));
        assertThat(migrations(plan(c))).isEmpty();
    }

    @Test
    void settingsNameEveryInconsistentValue() {
        assertThatThrownBy(() -> new ForecastSettings(0, 1.5, 0.8, 0.5, 0.9, -1, -1, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window").hasMessageContaining("quantile").hasMessageContaining("hot")
                .hasMessageContaining("cold").hasMessageContaining("youngMargin").hasMessageContaining("maxEvacuations");
    }

    @Test
    void planIsNamedForecast_andEmptyOnAnEmptyCluster() {
        Plan p = new ForecastPolicy(ForecastSettings.DEFAULTS).plan(ClusterView.builder().build());
        assertThat(p.policy()).isEqualTo("forecast");
        assertThat(p.actions()).isEmpty();
    }
}
