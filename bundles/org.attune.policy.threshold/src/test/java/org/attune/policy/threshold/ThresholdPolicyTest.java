package org.attune.policy.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
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
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.Plan;
import org.attune.model.validation.Limits;
import org.attune.model.validation.PlanValidator;
import org.junit.jupiter.api.Test;

class ThresholdPolicyTest {

    private final ThresholdPolicy policy = new ThresholdPolicy(ThresholdSettings.defaults());

    /** A small cluster described by hand: hosts of 2000 MIPS, guests with a demand history. */
    private static final class Cluster {
        final List<Host> hosts = new ArrayList<>();
        final List<Guest> guests = new ArrayList<>();
        final Map<String, String> placement = new HashMap<>();
        final Map<MetricHistory.Key, Series> series = new HashMap<>();
        final List<MigrationInFlight> inFlight = new ArrayList<>();
        final List<PlacementConstraint> constraints = new ArrayList<>();
        Set<String> pinned = Set.of();

        Cluster host(String id, double... demandShares) {
            return host(id, "d", demandShares);
        }

        Cluster host(String id, String driver, double... demandShares) {
            hosts.add(new Host(id, id, driver, 2000, 2, 4096, PowerState.ON, Availability.ONLINE, ""));
            series.put(new MetricHistory.Key(Subject.host(id), Metrics.CPU_DEMAND), Series.regular(0, 1000, demandShares));
            return this;
        }

        Cluster guest(String id, String host, double demand) {
            return guest(id, host, demand, 512);
        }

        Cluster guest(String id, String host, double demand, long memoryMiB) {
            guests.add(new Guest(id, id, 2, memoryMiB, "", "app", Map.of(), GuestState.RUNNING));
            placement.put(id, host);
            series.put(new MetricHistory.Key(Subject.guest(id), Metrics.CPU_DEMAND), Series.regular(0, 1000, demand));
            return this;
        }

        ClusterView view() {
            return ClusterView.builder().time(Instant.EPOCH).hosts(hosts).guests(guests).placement(placement)
                    .metrics(new MetricHistory(series)).inFlight(inFlight).pinned(pinned).constraints(constraints)
                    .build();
        }
    }

    /** The plan as the orchestrator's validator sees it: no step may be refused. */
    private static Plan valid(ClusterView view, Plan plan) {
        assertThat(new PlanValidator(Limits.NONE).validate(view, plan.actions()).refused())
                .as("steps refused in %s", plan.actions()).isEmpty();
        return plan;
    }

    /** Where every guest is once the plan's migrations are done. */
    private static Map<String, String> after(ClusterView view, Plan plan) {
        Map<String, String> placement = new HashMap<>(view.placement());
        view.inFlight().values().forEach(m -> placement.put(m.guestId(), m.toHostId()));
        migrations(plan).forEach(m -> placement.put(m.guestId(), m.toHostId()));
        return placement;
    }

    /** host1 is hot; app1 is the guest to shed; host3 is the least loaded, host4 the other host that can take it. */
    private static Cluster hotHost1() {
        return new Cluster().host("host1", 1.0, 1.05, 1.05, 1.05).host("host2", 0.4, 0.4, 0.4)
                .host("host3", 0.1, 0.1, 0.1).host("host4", 0.3, 0.3, 0.3)
                .guest("front", "host1", 100).guest("app1", "host1", 1000).guest("app2", "host1", 1000)
                .guest("other", "host2", 800).guest("tiny", "host3", 200).guest("web", "host4", 600);
    }

    private static List<Action.Migrate> migrations(Plan plan) {
        return plan.actions().stream().map(Action.Migrate.class::cast).toList();
    }

    @Test
    void hotHostSheds_theSmallestGuestThatIsEnough_toTheLeastLoadedHost() {
        // host1 at 105%: excess over 80% is 500 MIPS; app1 (1000) is the smallest guest that is enough.
        ClusterView view = new Cluster().host("host1", 1.0, 1.05, 1.05, 1.05).host("host2", 0.4, 0.4, 0.4)
                .host("host3", 0.1, 0.1, 0.1)
                .guest("front", "host1", 100).guest("app1", "host1", 1000).guest("app2", "host1", 1000)
                .guest("other", "host2", 800).guest("tiny", "host3", 200).view();
        Plan plan = policy.plan(view);
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("app1");
            assertThat(m.toHostId()).isEqualTo("host3");
            assertThat(m.reason()).contains("host1 CPU demand 105% > 80% for 3 cycles");
        });
    }

    @Test
    void noActionBeforeTheHostStaysHotForKCycles() {
        ClusterView view = new Cluster().host("host1", 0.5, 0.9, 0.95).host("host2", 0.0, 0.0, 0.0)
                .guest("app1", "host1", 900).guest("app2", "host1", 1000).view();
        assertThat(policy.plan(view).actions()).isEmpty();
    }

    @Test
    void targetMustStayUnderTheHighThreshold() {
        ClusterView view = new Cluster().host("host1", 1.0, 1.0, 1.0).host("host2", 0.75, 0.75, 0.75)
                .guest("app1", "host1", 1000).guest("app2", "host1", 1000).guest("busy", "host2", 1500).view();
        Plan plan = policy.plan(view);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("no host can take"));
    }

    @Test
    void pinnedGuestsAreNotMoved() {
        Cluster c = new Cluster().host("host1", 1.0, 1.0, 1.0).host("host2", 0.0, 0.0, 0.0)
                .guest("app1", "host1", 1000).guest("app2", "host1", 1000);
        c.pinned = Set.of("app1", "app2");
        assertThat(policy.plan(c.view()).actions()).isEmpty();
    }

    @Test
    void aHotHostWithAMigrationLeavingItIsLeftAlone() {
        Cluster c = new Cluster().host("host1", 1.0, 1.0, 1.0).host("host2", 0.0, 0.0, 0.0)
                .host("host3", 0.0, 0.0, 0.0)
                .guest("app1", "host1", 1000).guest("app2", "host1", 1000).guest("app3", "host1", 100);
        c.inFlight.add(new MigrationInFlight("app2", "host1", "host2", Instant.EPOCH, 0.5));
        assertThat(policy.plan(c.view()).actions()).isEmpty();
    }

    @Test
    void otherDriversHostsAreNeverTargets() {
        ClusterView view = new Cluster().host("host1", "sim", 1.0, 1.0, 1.0).host("far", "libvirt", 0.0, 0.0, 0.0)
                .guest("app1", "host1", 1000).guest("app2", "host1", 1000).view();
        assertThat(policy.plan(view).actions()).isEmpty();
    }

    @Test
    void coldHostsConsolidate_theColdestIntoTheOther() {
        // The scenario's way back: app2 alone on host2 (7.5%), front+app1 on host1 (12.5%), host3 empty.
        ClusterView view = new Cluster().host("host1", 0.125, 0.125, 0.125).host("host2", 0.075, 0.075, 0.075)
                .host("host3", 0, 0, 0)
                .guest("front", "host1", 100).guest("app1", "host1", 150).guest("app2", "host2", 150).view();
        Plan plan = policy.plan(view);
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("app2");
            assertThat(m.fromHostId()).isEqualTo("host2");
            assertThat(m.toHostId()).isEqualTo("host1");
            assertThat(m.reason()).startsWith("consolidate");
        });
    }

    @Test
    void consolidationRespectsTheCeiling_noPingPong() {
        // Moving app2 back would put host1 at 70% > 60% ceiling: stay apart.
        ClusterView view = new Cluster().host("host1", 0.25, 0.25, 0.25).host("host2", 0.25, 0.25, 0.25)
                .guest("app1", "host1", 500).guest("app2", "host2", 500)
                .guest("front", "host1", 0).view();
        ThresholdPolicy tight = new ThresholdPolicy(new ThresholdSettings(0.8, 0.3, 3, 0.45));
        assertThat(tight.plan(view).actions()).isEmpty();
        // With room under the 60% ceiling it consolidates: host1 (tie, name order) is emptied into host2.
        assertThat(migrations(policy.plan(view))).hasSize(2).allSatisfy(m -> assertThat(m.toHostId()).isEqualTo("host2"));
    }

    @Test
    void consolidationMovesAllOrNothingAndNeverOntoEmptyHosts() {
        ClusterView view = new Cluster().host("host1", 0.2, 0.2, 0.2).host("host2", 0.0, 0.0, 0.0)
                .guest("a", "host1", 200).guest("b", "host1", 200).view();
        assertThat(policy.plan(view).actions()).as("host2 is empty: moving there consolidates nothing").isEmpty();
    }

    @Test
    void configurationChangeAppliesToTheNextPlan() {
        ClusterView view = new Cluster().host("host1", 0.7, 0.7, 0.7).host("host2", 0.1, 0.1, 0.1)
                .guest("app1", "host1", 700).guest("app2", "host1", 700).guest("x", "host2", 200).view();
        assertThat(policy.plan(view).actions()).isEmpty();
        policy.configure(new ThresholdSettings(0.6, 0.05, 3, 0.5));
        assertThat(migrations(policy.plan(view))).singleElement()
                .satisfies(m -> assertThat(m.toHostId()).isEqualTo("host2"));
    }

    @Test
    void inconsistentSettingsAreRefusedWithEveryProblemNamed() {
        assertThatThrownBy(() -> new ThresholdSettings(0.5, 0.6, 0, 0.9))
                .hasMessageContaining("lowThreshold must be >= 0 and below highThreshold (0.5), was 0.6")
                .hasMessageContaining("sustainCycles must be >= 1, was 0")
                .hasMessageContaining("consolidationCeiling must be above lowThreshold");
    }

    @Test
    void aHardConstraintIsNeverBroken_theHotHostShedsToTheNextHostThatFits() {
        ClusterView free = hotHost1().view();
        assertThat(migrations(valid(free, policy.plan(free)))).singleElement()
                .satisfies(m -> assertThat(m.toHostId()).as("without the rule, next to tiny").isEqualTo("host3"));

        Cluster c = hotHost1();
        c.constraints.add(new AntiAffinity("app1", "tiny", true));
        ClusterView view = c.view();
        Plan plan = valid(view, policy.plan(view));
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("app1");
            assertThat(m.toHostId()).isEqualTo("host4");
        });
        assertThat(after(view, plan).get("app1")).isNotEqualTo(after(view, plan).get("tiny"));
    }

    @Test
    void aHardConstraintIsNeverBroken_byConsolidation() {
        // The cold host2 would be emptied onto host1 (coldHostsConsolidate...): app2 may not join app1 there.
        Cluster c = new Cluster().host("host1", 0.125, 0.125, 0.125).host("host2", 0.075, 0.075, 0.075)
                .host("host3", 0, 0, 0)
                .guest("front", "host1", 100).guest("app1", "host1", 150).guest("app2", "host2", 150);
        c.constraints.add(new AntiAffinity("app1", "app2", true));
        ClusterView view = c.view();
        Plan plan = valid(view, policy.plan(view));
        Map<String, String> placement = after(view, plan);
        assertThat(placement.get("app1")).isNotEqualTo(placement.get("app2"));
        assertThat(plan.actions()).as("host1 cannot be emptied onto host2 either: all or nothing").isEmpty();
    }

    @Test
    void aSoftConstraintIsWeighed_theHostThatKeepsItWinsOverTheLessLoadedOne() {
        Cluster c = hotHost1();
        c.constraints.add(new AntiAffinity("app1", "tiny", false));
        ClusterView view = c.view();
        assertThat(migrations(valid(view, policy.plan(view)))).singleElement()
                .satisfies(m -> assertThat(m.toHostId()).isEqualTo("host4"));
    }

    @Test
    void memoryAGuestLeavingTheTargetStillHoldsIsNotPromised() {
        // big (3200 MiB) is migrating from host3 to host2: until it has left, host3 has 4096 - 512 - 3200 = 384 MiB
        // free, too little for app1 (512). Once it has left, host3 (the least loaded) takes app1.
        Cluster moving = hotHost1().guest("big", "host3", 0, 3200);
        moving.inFlight.add(new MigrationInFlight("big", "host3", "host2", Instant.EPOCH, 0.5));
        ClusterView view = moving.view();
        Plan plan = valid(view, policy.plan(view));
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("app1");
            assertThat(m.toHostId()).isEqualTo("host4");
        });

        ClusterView done = hotHost1().guest("big", "host2", 0, 3200).view();
        assertThat(migrations(valid(done, policy.plan(done)))).singleElement()
                .satisfies(m -> assertThat(m.toHostId()).isEqualTo("host3"));
    }
}
