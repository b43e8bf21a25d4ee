package org.attune.policy.forecast.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.MetricHistory;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.PlacementState;
import org.attune.api.policy.Plan;
import org.attune.model.validation.Limits;
import org.attune.model.validation.PlanValidator;
import org.attune.policy.forecast.ForecastPolicy;
import org.attune.policy.forecast.ForecastSettings;
import org.junit.jupiter.api.Test;

class ForecastPolicyTest {

    /** Window 4, quantile 1 (the aggregate's peak), fill 0.8, hot 1.0, cold 0.3: easy to compute by hand. */
    private static final ForecastSettings SETTINGS = new ForecastSettings(4, 1.0, 0.8, 1.0, 0.3, 0, 0, true);

    private static final class Cluster {
        final List<Host> hosts = new ArrayList<>();
        final List<Guest> guests = new ArrayList<>();
        final Map<String, String> placement = new HashMap<>();
        final Map<MetricHistory.Key, Series> series = new HashMap<>();
        Set<String> pinned = Set.of();
        List<MigrationInFlight> inFlight = List.of();
        List<PlacementConstraint> constraints = List.of();

        Cluster host(String id, double capacity) {
            return host(id, capacity, 1 << 20);
        }

        /** One core, so a guest may use the host's whole capacity; linear 100-200 W. */
        Cluster host(String id, double capacity, long memoryMiB) {
            return host(id, capacity, 1, memoryMiB, PowerProfile.linear(100, 200), PowerState.ON);
        }

        Cluster host(String id, double capacity, int cores, long memoryMiB, PowerProfile profile, PowerState power) {
            hosts.add(new Host(id, id, "d", capacity, cores, memoryMiB, power, Availability.ONLINE, "", profile));
            return this;
        }

        /** A guest with its demand history (capacity units), oldest first; the last value is its demand now. */
        Cluster guest(String id, String host, long memory, double... demand) {
            guests.add(new Guest(id, id, 1, memory, "", "", Map.of(), GuestState.RUNNING));
            placement.put(id, host);
            series.put(new MetricHistory.Key(Subject.guest(id), Metrics.CPU_DEMAND), Series.regular(0, 300_000, demand));
            return this;
        }

        ClusterView view() {
            return ClusterView.builder().time(Instant.EPOCH).hosts(hosts).guests(guests).placement(placement)
                    .metrics(new MetricHistory(series)).pinned(pinned).inFlight(inFlight).constraints(constraints).build();
        }
    }

    private static List<Action.Migrate> migrations(Plan plan) {
        return plan.actions().stream().filter(Action.Migrate.class::isInstance).map(Action.Migrate.class::cast).toList();
    }

    private static Plan plan(Cluster c) {
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
        Cluster c = new Cluster().host("hot", 1000).host("t1", 1000, 8192).host("t2", 1000, 4096)
                .guest("a", "hot", 4096, flat(500)).guest("b", "hot", 2048, flat(300)).guest("c", "hot", 512, flat(300))
                .guest("x", "t1", 1024, flat(400)).guest("y", "t2", 1024, flat(400));
        List<Action.Migrate> m = migrations(plan(c));
        assertThat(m).hasSize(1);
        assertThat(m.get(0).guestId()).isEqualTo("c");
        assertThat(m.get(0).fromHostId()).isEqualTo("hot");
        assertThat(m.get(0).toHostId()).isEqualTo("t2");
    }

    @Test
    void aHostIsPoweredOnOnlyWhenNoRunningHostFits_theOneDrawingLeastAtIdle() {
        Cluster c = new Cluster().host("hot", 1000).host("full", 1000)
                .host("thirsty", 1000, 1, 4096, PowerProfile.linear(150, 250), PowerState.OFF)
                .host("frugal", 1000, 1, 4096, PowerProfile.linear(80, 200), PowerState.OFF)
                .guest("a", "hot", 1024, flat(600)).guest("b", "hot", 512, flat(500))
                .guest("x", "full", 1024, flat(700));
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
        Cluster apart = new Cluster().host("src", 1000).host("apart", 1000)
                .guest("g", "src", 512, 200, 50, 200, 50).guest("h", "apart", 512, 100, 650, 100, 650);
        assertThat(migrations(plan(apart))).extracting(Action.Migrate::toHostId).containsExactly("apart");

        Cluster together = new Cluster().host("src", 1000).host("together", 1000)
                .guest("g", "src", 512, 200, 50, 200, 50).guest("k", "together", 512, 650, 100, 650, 100);
        assertThat(migrations(plan(together))).isEmpty();
    }

    @Test
    void volatileGuestsGetHeadroom_steadyOnesDoNot() {
        // Same demand now (100) on a big cold host; the volatile guest peaked at 600 within the window, so it does
        // not fit next to 500 (1100 > 800) while the steady one does (600).
        Cluster steady = new Cluster().host("src", 4000).host("dst", 1000)
                .guest("s", "src", 512, flat(100)).guest("d", "dst", 512, flat(500));
        assertThat(migrations(plan(steady))).extracting(Action.Migrate::guestId).containsExactly("s");
        Cluster spiky = new Cluster().host("src", 4000).host("dst", 1000)
                .guest("v", "src", 512, 100, 600, 100, 100).guest("d", "dst", 512, flat(500));
        assertThat(migrations(plan(spiky))).isEmpty();
    }

    @Test
    void coldHost_isEmptiedCompletely_orNotAtAll_andSwitchedOffOnceItsGuestsHaveLeft() {
        Cluster fits = new Cluster().host("cold", 1000).host("warm", 1000)
                .guest("a", "cold", 512, flat(100)).guest("b", "cold", 512, flat(100)).guest("w", "warm", 512, flat(500));
        Plan p = plan(fits);
        assertThat(migrations(p)).extracting(Action.Migrate::guestId, Action.Migrate::toHostId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", "warm"),
                        org.assertj.core.groups.Tuple.tuple("b", "warm"));
        assertThat(p.actions()).last().isEqualTo(new Action.PowerOff("cold",
                "cold is empty once its guests have left: switched off"));
        // 550 + 140 = 690 fits, 690 + 140 = 830 > 800 does not: neither moves.
        Cluster tight = new Cluster().host("cold", 1000).host("warm", 1000)
                .guest("a", "cold", 512, flat(140)).guest("b", "cold", 512, flat(140)).guest("w", "warm", 512, flat(550));
        assertThat(plan(tight).actions()).isEmpty();
    }

    @Test
    void withoutPowerManagementNoHostIsSwitched() {
        Cluster c = new Cluster().host("cold", 1000).host("warm", 1000).host("idle", 1000)
                .guest("a", "cold", 512, flat(100)).guest("w", "warm", 512, flat(500));
        Plan p = new ForecastPolicy(SETTINGS.withPowerManagement(false)).plan(c.view());
        assertThat(p.actions()).allMatch(Action.Migrate.class::isInstance).hasSize(1);
    }

    @Test
    void emptyingStartsWithTheHostsThatSaveMostPowerPerMigration() {
        // Room for only two more guests on "big". "one" (1 guest) and "two" (2 guests) compete: "one" goes first;
        // among the single-guest hosts the one drawing more at idle goes first.
        Cluster c = new Cluster().host("big", 4000, 3072)
                .host("two", 1000).host("one", 1000)
                .host("greedy", 1000, 1, 1 << 20, PowerProfile.linear(180, 250), PowerState.ON)
                .guest("z", "big", 1024, flat(100))
                .guest("t1", "two", 1024, flat(50)).guest("t2", "two", 1024, flat(50))
                .guest("o", "one", 1024, flat(50)).guest("gr", "greedy", 1024, flat(50));
        assertThat(migrations(plan(c))).extracting(Action.Migrate::guestId).containsExactlyInAnyOrder("gr", "o");
    }

    @Test
    void hysteresis_aHostBetweenColdAndFillIsLeftAlone() {
        // Both hosts at 400 (0.4: above cold 0.3, below fill 0.8): merging would save a host, but neither is cold.
        Cluster c = new Cluster().host("h1", 1000).host("h2", 1000)
                .guest("a", "h1", 512, flat(400)).guest("b", "h2", 512, flat(400));
        assertThat(plan(c).actions()).isEmpty();
    }

    @Test
    void pinnedGuestsNeitherMoveNorLetTheirHostBeEvacuated() {
        Cluster c = new Cluster().host("hot", 1000).host("t", 1000).host("cold", 1000)
                .guest("a", "hot", 512, flat(700)).guest("b", "hot", 512, flat(400)).guest("x", "t", 512, flat(100))
                .guest("p", "cold", 512, flat(50));
        c.pinned = Set.of("a", "b", "p");
        Plan p = plan(c);
        assertThat(migrations(p)).extracting(Action.Migrate::guestId).doesNotContain("a", "b", "p");
    }

    @Test
    void youngGuestsAreForecastAboveTheirPeakSoFar() {
        ForecastSettings young = new ForecastSettings(4, 1.0, 0.8, 1.0, 0.3, 0.25, 0, true);
        // One sample of 200: with 3 missing samples at +25% each its forecast is 200 x 1.75 = 350, which does not
        // fit next to 500 under 800; with a full history of 200 it would.
        Cluster c = new Cluster().host("src", 4000).host("dst", 1000)
                .guest("g", "src", 512, 200).guest("d", "dst", 512, flat(500));
        assertThat(migrations(new ForecastPolicy(young).plan(c.view()))).isEmpty();
        Cluster old = new Cluster().host("src", 4000).host("dst", 1000)
                .guest("g", "src", 512, flat(200)).guest("d", "dst", 512, flat(500));
        assertThat(migrations(new ForecastPolicy(young).plan(old.view()))).hasSize(1);
    }

    @Test
    void unmeasuredGuestsStayPut_andTheirHostsReceiveNothing() {
        // No samples yet (e.g. just after start): a demand of 0 would be a guess, so nothing is packed on it.
        Cluster c = new Cluster().host("h1", 1000).host("h2", 1000).host("h3", 1000)
                .guest("m", "h1", 512, new double[0]).guest("a", "h2", 512, flat(100)).guest("b", "h3", 512, flat(500));
        Plan p = plan(c);
        assertThat(migrations(p)).extracting(Action.Migrate::guestId, Action.Migrate::toHostId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "h3"));
        assertThat(p.notes()).anyMatch(n -> n.contains("without cpu.demand samples"));
    }

    @Test
    void aHostWithoutTheMemoryIsPassedOver_memoryHeldByAMigrationInFlightIncluded() {
        // t2 fits best by memory but holds 768 of 1024 MiB: the 512-MiB guest goes to t1.
        Cluster c = new Cluster().host("hot", 1000).host("t1", 1000, 4096).host("t2", 1000, 1024)
                .guest("a", "hot", 4096, flat(750)).guest("c", "hot", 512, flat(300))
                .guest("x", "t1", 1024, flat(400)).guest("y", "t2", 768, flat(300));
        assertThat(migrations(plan(c))).extracting(Action.Migrate::guestId, Action.Migrate::toHostId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c", "t1"));
        // t1 would take c, but 3,000 MiB of it are held by i migrating there from "other".
        Cluster held = new Cluster().host("hot", 1000).host("t1", 1000, 4096).host("other", 1000)
                .guest("a", "hot", 4096, flat(750)).guest("c", "hot", 512, flat(300))
                .guest("x", "t1", 1024, flat(100)).guest("i", "other", 3000, flat(10));
        held.inFlight = List.of(new MigrationInFlight("i", "other", "t1", Instant.EPOCH, 0.5));
        assertThat(migrations(plan(held))).noneMatch(m -> m.toHostId().equals("t1"));
    }

    @Test
    void aGuestGoesNowhereItsPeakWouldBeCappedByASlowerCore() {
        // "slow" has two 500-MIPS cores: a one-vCPU guest peaking at 600 would be capped there, so it goes to "fast".
        Cluster c = new Cluster().host("hot", 1000)
                .host("slow", 1000, 2, 8192, PowerProfile.linear(50, 100), PowerState.ON)
                .host("fast", 1000, 1, 8192, PowerProfile.linear(100, 200), PowerState.ON)
                .guest("a", "hot", 512, flat(500)).guest("b", "hot", 256, 100, 600, 100, 600)
                .guest("s", "slow", 512, flat(100)).guest("f", "fast", 512, flat(100));
        assertThat(migrations(plan(c))).filteredOn(m -> m.guestId().equals("b"))
                .extracting(Action.Migrate::toHostId).containsExactly("fast");
    }

    @Test
    void aHardPlacementConstraintIsNeverBroken() {
        Cluster c = new Cluster().host("cold", 1000).host("warm", 1000)
                .guest("a", "cold", 512, flat(100)).guest("w", "warm", 512, flat(500));
        assertThat(migrations(plan(c))).hasSize(1);
        c.constraints = List.of(apart("a", "w"));
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

    /** A hard rule: the two guests never share a host. */
    static PlacementConstraint apart(String one, String other) {
        return new PlacementConstraint() {
            @Override
            public String name() {
                return "apart " + one + " " + other;
            }

            @Override
            public boolean hard() {
                return true;
            }

            @Override
            public Set<String> guests() {
                return Set.of(one, other);
            }

            @Override
            public String refusal(PlacementState placement, String guestId, String hostId) {
                String peer = guestId.equals(one) ? other : one;
                return placement.guestsOn(hostId).contains(peer) ? "keeps " + one + " and " + other + " apart" : null;
            }
        };
    }
}
