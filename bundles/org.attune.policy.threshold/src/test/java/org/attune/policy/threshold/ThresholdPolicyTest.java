package org.attune.policy.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.attune.testing.cluster.Plans.migrations;
import static org.attune.testing.cluster.Plans.placementAfter;
import static org.attune.testing.cluster.Plans.requireValid;
import static org.attune.testing.cluster.TestConstraints.apart;

import java.util.Map;

import org.attune.api.ClusterView;
import org.attune.api.policy.Plan;
import org.attune.testing.cluster.ClusterFixture;
import org.junit.jupiter.api.Test;

class ThresholdPolicyTest {

    private final ThresholdPolicy policy = new ThresholdPolicy(ThresholdSettings.defaults());

    /** A small cluster described by hand: hosts of 2000 MIPS, guests of 2 vCPUs in tier app with a demand history. */
    private static ClusterFixture cluster() {
        return ClusterFixture.create().guests(g -> g.vcpus(2).tier("app"));
    }

    /** host1 is hot; app1 is the guest to shed; host3 is the least loaded, host4 the other host that can take it. */
    private static ClusterFixture hotHost1() {
        return cluster().host("host1", 1.0, 1.05, 1.05, 1.05).host("host2", 0.4, 0.4, 0.4)
                .host("host3", 0.1, 0.1, 0.1).host("host4", 0.3, 0.3, 0.3)
                .guest("front", "host1", 100).guest("app1", "host1", 1000).guest("app2", "host1", 1000)
                .guest("other", "host2", 800).guest("tiny", "host3", 200).guest("web", "host4", 600);
    }

    @Test
    void hotHostSheds_theSmallestGuestThatIsEnough_toTheLeastLoadedHost() {
        // host1 at 105%: excess over 80% is 500 MIPS; app1 (1000) is the smallest guest that is enough.
        ClusterView view = cluster().host("host1", 1.0, 1.05, 1.05, 1.05).host("host2", 0.4, 0.4, 0.4)
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
        ClusterView view = cluster().host("host1", 0.5, 0.9, 0.95).host("host2", 0.0, 0.0, 0.0)
                .guest("app1", "host1", 900).guest("app2", "host1", 1000).view();
        assertThat(policy.plan(view).actions()).isEmpty();
    }

    @Test
    void targetMustStayUnderTheHighThreshold() {
        ClusterView view = cluster().host("host1", 1.0, 1.0, 1.0).host("host2", 0.75, 0.75, 0.75)
                .guest("app1", "host1", 1000).guest("app2", "host1", 1000).guest("busy", "host2", 1500).view();
        Plan plan = policy.plan(view);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("no host can take"));
    }

    @Test
    void pinnedGuestsAreNotMoved() {
        ClusterFixture c = cluster().host("host1", 1.0, 1.0, 1.0).host("host2", 0.0, 0.0, 0.0)
                .guest("app1", "host1", 1000).guest("app2", "host1", 1000);
        c.pin("app1", "app2");
        assertThat(policy.plan(c.view()).actions()).isEmpty();
    }

    @Test
    void aHotHostWithAMigrationLeavingItIsLeftAlone() {
        ClusterFixture c = cluster().host("host1", 1.0, 1.0, 1.0).host("host2", 0.0, 0.0, 0.0)
                .host("host3", 0.0, 0.0, 0.0)
                .guest("app1", "host1", 1000).guest("app2", "host1", 1000).guest("app3", "host1", 100);
        c.migrating("app2", "host2", 0.5);
        assertThat(policy.plan(c.view()).actions()).isEmpty();
    }

    @Test
    void otherDriversHostsAreNeverTargets() {
        ClusterView view = cluster().host("host1", h -> h.driver("sim"), 1.0, 1.0, 1.0)
                .host("far", h -> h.driver("libvirt"), 0.0, 0.0, 0.0)
                .guest("app1", "host1", 1000).guest("app2", "host1", 1000).view();
        assertThat(policy.plan(view).actions()).isEmpty();
    }

    @Test
    void coldHostsConsolidate_theColdestIntoTheOther() {
        // The scenario's way back: app2 alone on host2 (7.5%), front+app1 on host1 (12.5%), host3 empty.
        ClusterView view = cluster().host("host1", 0.125, 0.125, 0.125).host("host2", 0.075, 0.075, 0.075)
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
        ClusterView view = cluster().host("host1", 0.25, 0.25, 0.25).host("host2", 0.25, 0.25, 0.25)
                .guest("app1", "host1", 500).guest("app2", "host2", 500)
                .guest("front", "host1", 0).view();
        ThresholdPolicy tight = new ThresholdPolicy(new ThresholdSettings(0.8, 0.3, 3, 0.45));
        assertThat(tight.plan(view).actions()).isEmpty();
        // With room under the 60% ceiling it consolidates: host1 (tie, name order) is emptied into host2.
        assertThat(migrations(policy.plan(view))).hasSize(2).allSatisfy(m -> assertThat(m.toHostId()).isEqualTo("host2"));
    }

    @Test
    void consolidationMovesAllOrNothingAndNeverOntoEmptyHosts() {
        ClusterView view = cluster().host("host1", 0.2, 0.2, 0.2).host("host2", 0.0, 0.0, 0.0)
                .guest("a", "host1", 200).guest("b", "host1", 200).view();
        assertThat(policy.plan(view).actions()).as("host2 is empty: moving there consolidates nothing").isEmpty();
    }

    @Test
    void configurationChangeAppliesToTheNextPlan() {
        ClusterView view = cluster().host("host1", 0.7, 0.7, 0.7).host("host2", 0.1, 0.1, 0.1)
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
        assertThat(migrations(requireValid(free, policy.plan(free)))).singleElement()
                .satisfies(m -> assertThat(m.toHostId()).as("without the rule, next to tiny").isEqualTo("host3"));

        ClusterFixture c = hotHost1();
        c.constraint(apart("app1", "tiny", true));
        ClusterView view = c.view();
        Plan plan = requireValid(view, policy.plan(view));
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("app1");
            assertThat(m.toHostId()).isEqualTo("host4");
        });
        assertThat(placementAfter(view, plan).get("app1")).isNotEqualTo(placementAfter(view, plan).get("tiny"));
    }

    @Test
    void aHardConstraintIsNeverBroken_byConsolidation() {
        // The cold host2 would be emptied onto host1 (coldHostsConsolidate...): app2 may not join app1 there.
        ClusterFixture c = cluster().host("host1", 0.125, 0.125, 0.125).host("host2", 0.075, 0.075, 0.075)
                .host("host3", 0, 0, 0)
                .guest("front", "host1", 100).guest("app1", "host1", 150).guest("app2", "host2", 150);
        c.constraint(apart("app1", "app2", true));
        ClusterView view = c.view();
        Plan plan = requireValid(view, policy.plan(view));
        Map<String, String> placement = placementAfter(view, plan);
        assertThat(placement.get("app1")).isNotEqualTo(placement.get("app2"));
        assertThat(plan.actions()).as("host1 cannot be emptied onto host2 either: all or nothing").isEmpty();
    }

    @Test
    void aSoftConstraintIsWeighed_theHostThatKeepsItWinsOverTheLessLoadedOne() {
        ClusterFixture c = hotHost1();
        c.constraint(apart("app1", "tiny", false));
        ClusterView view = c.view();
        assertThat(migrations(requireValid(view, policy.plan(view)))).singleElement()
                .satisfies(m -> assertThat(m.toHostId()).isEqualTo("host4"));
    }

    @Test
    void memoryAGuestLeavingTheTargetStillHoldsIsNotPromised() {
        // big (3200 MiB) is migrating from host3 to host2: until it has left, host3 has 4096 - 512 - 3200 = 384 MiB
        // free, too little for app1 (512). Once it has left, host3 (the least loaded) takes app1.
        ClusterFixture moving = hotHost1().guest("big", "host3", g -> g.memory(3200), 0)
                .migrating("big", "host2", 0.5);
        ClusterView view = moving.view();
        Plan plan = requireValid(view, policy.plan(view));
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("app1");
            assertThat(m.toHostId()).isEqualTo("host4");
        });

        ClusterView done = hotHost1().guest("big", "host2", g -> g.memory(3200), 0).view();
        assertThat(migrations(requireValid(done, policy.plan(done)))).singleElement()
                .satisfies(m -> assertThat(m.toHostId()).isEqualTo("host3"));
    }
}
