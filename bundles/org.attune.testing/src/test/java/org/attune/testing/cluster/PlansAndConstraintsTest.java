package org.attune.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.attune.api.ClusterView;
import org.attune.api.PowerState;
import org.attune.api.driver.MigrationMode;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.Plan;
import org.junit.jupiter.api.Test;

class PlansAndConstraintsTest {

    private static Action.Migrate move(String guest, String from, String to) {
        return new Action.Migrate(guest, from, to, MigrationMode.LIVE, "test");
    }

    private final ClusterFixture cluster = ClusterFixture.create().host("h1").host("h2").host("h3")
            .guest("a", "h1").guest("b", "h2").guest("c", "h3");

    @Test
    void apartRefusesAHostThatHoldsThePeer_onlyForItsTwoGuests() {
        PlacementConstraint rule = TestConstraints.apart("a", "b", false);
        assertThat(rule.hard()).isFalse();
        assertThat(TestConstraints.apart("a", "b").hard()).isTrue();
        assertThat(rule.name()).isEqualTo("anti-affinity a/b");
        assertThat(rule.guests()).containsExactlyInAnyOrder("a", "b");

        ClusterView view = cluster.constraint(TestConstraints.apart("a", "b")).view();
        Plan together = new Plan("p", List.of(move("a", "h1", "h2")), List.of());
        assertThatThrownBy(() -> Plans.requireValid(view, together)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("keeps a and b apart");
        Plan apart = new Plan("p", List.of(move("a", "h1", "h3")), List.of());
        assertThat(Plans.requireValid(view, apart)).isSameAs(apart);
        assertThatThrownBy(() -> TestConstraints.apart("a", "a")).hasMessageContaining("apart from itself");
    }

    @Test
    void plansAreReadAsTestsNeedThem() {
        ClusterView view = cluster.migrating("c", "h1", 0.3).view();
        Plan plan = new Plan("p", List.of(move("a", "h1", "h2"), new Action.PowerOff("h1", "empty"),
                move("a", "h2", "h3"), new Action.PowerOn("h3", "room")), List.of());
        assertThat(Plans.migrations(plan)).extracting(Action.Migrate::toHostId).containsExactly("h2", "h3");
        assertThat(Plans.poweredOff(plan)).containsExactly("h1");
        assertThat(Plans.poweredOn(plan)).containsExactly("h3");
        assertThat(Plans.placementAfter(view, plan)).containsEntry("a", "h3").containsEntry("b", "h2")
                .containsEntry("c", "h1");
        assertThatThrownBy(() -> Plans.onlyMigration(plan)).isInstanceOf(AssertionError.class);
        assertThat(Plans.onlyMigration(new Plan("p", List.of(move("b", "h2", "h1")), List.of())).guestId())
                .isEqualTo("b");

        Plan wrongSource = new Plan("p", List.of(move("b", "h1", "h3")), List.of());
        assertThatThrownBy(() -> Plans.placementAfter(view, wrongSource)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("b is on h2");
        assertThat(cluster.power("h3", PowerState.OFF).view().host("h3").orElseThrow().power())
                .isEqualTo(PowerState.OFF);
    }
}
