package org.attune.policy.consolidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.attune.testing.cluster.Plans.onlyMigration;
import static org.attune.testing.cluster.Plans.placementAfter;
import static org.attune.testing.cluster.Plans.requireValid;
import static org.attune.testing.cluster.TestConstraints.apart;

import java.util.List;
import java.util.Map;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.PowerState;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.testing.cluster.ClusterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsolidationPolicyTest {

    private final ConsolidationPolicy policy = new ConsolidationPolicy(ConsolidationSettings.defaults());

    /** Hosts of one 1000-MIPS core and 4 GiB; guests of one vCPU and 512 MiB with a demand history. */
    private static ClusterFixture cluster() {
        return ClusterFixture.create().hosts(h -> h.capacity(1000).cpus(1));
    }

    @ParameterizedTest(name = "{0} hosts, {1} inactive guests")
    @CsvSource({"1, 1", "2, 3", "3, 3", "3, 4"})
    void nHostsAndMInactiveGuests_placeNPlusM(int n, int m) {
        // n hosts each run one active guest that uses 80% of it: by full vCPU reservation each host is full.
        // m inactive guests wait on a staging host; overbooking puts them in the room the active guests leave.
        ClusterFixture c = cluster();
        for (int i = 1; i <= n; i++) {
            c.host("h" + i).guest("active" + i, "h" + i, 700, 800, 750);
        }
        c.host("staging");
        for (int j = 1; j <= m; j++) {
            c.guest("idle" + j, "staging", 2, 5, 1);
        }
        ClusterView view = c.view();
        Plan plan = new ConsolidationPolicy(new ConsolidationSettings("consolidation", 6, 0.1, 1.0, 10)).plan(view);

        Map<String, String> placement = placementAfter(view, plan);
        assertThat(placement).hasSize(n + m);
        assertThat(placement.values()).doesNotContain("staging").allMatch(h -> h.matches("h\\d+"));
        // Active guests never share a host: 800 + 800 > 1000.
        for (int i = 1; i <= n; i++) {
            assertThat(placement.get("active" + i)).isEqualTo("h" + i);
        }
        assertThat(plan.actions()).hasSize(m).allSatisfy(a -> assertThat(a.reason()).contains("overbook: empty staging"));
        assertThat(plan.notes()).anySatisfy(note -> assertThat(note)
                .startsWith("overbooking: " + m + " places gained (" + (n + m) + " guests placed on " + n + " hosts, "
                        + n + " of them would fit by full vCPU reservation; " + n + " active, " + m + " inactive)"));
        assertThat(plan.policy()).isEqualTo("consolidation");
    }

    @Test
    void activeGuestsSharingAHostBeyondItsCapacityAreSeparated_inactiveOnesStay() {
        // h1: two active guests peaking at 600 each (1200 > 1000) and an inactive one; h2 has one inactive guest.
        ClusterView view = cluster().host("h1").host("h2")
                .guest("a", "h1", 500, 600, 550).guest("b", "h1", 400, 600, 500).guest("sleepy", "h1", 0, 3, 0)
                .guest("dozy", "h2", 1, 1, 1).view();
        Plan plan = policy.plan(view);

        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Migrate.class, m -> {
            assertThat(m.toHostId()).isEqualTo("h2");
            assertThat(m.guestId()).isIn("a", "b");
            assertThat(m.reason()).contains("active guests on h1 peak at 120% > 100%");
        });
        // Afterwards: one active per host, both inactive guests still placed: 4 guests where 2 would fit by reservation.
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("overbooking: 2 places gained (4 guests placed on 2 hosts"));
    }

    @Test
    void aGuestWithoutSamplesCountsAsActive() {
        ClusterFixture c = cluster().host("h1").host("h2").guest("busy", "h1", 900);
        c.guest("unknown", "h2");
        Plan plan = policy.plan(c.view());
        // Moving "unknown" next to "busy" would risk 900 + its unknown demand: nothing is planned.
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("2 active, 0 inactive"));
    }

    @Test
    void memoryLimitsTheFill() {
        // 4096 MiB per host: with one active guest (512) there is room for 7 inactive ones of 512, not 8.
        ClusterFixture c = cluster().host("h1").guest("active", "h1", 800).host("staging");
        for (int j = 1; j <= 8; j++) {
            c.guest("idle" + j, "staging", 0);
        }
        Plan plan = new ConsolidationPolicy(new ConsolidationSettings("p1", 6, 0.1, 1.0, 20)).plan(c.view());
        // The whole staging host cannot be emptied: nothing moves (whole hosts only, no half-done consolidation).
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.policy()).isEqualTo("p1");
    }

    @Test
    void pinnedGuestsAndInFlightMigrationsAreRespected() {
        ClusterFixture c = cluster().host("h1").guest("active", "h1", 800).host("staging").guest("idle", "staging", 0);
        ClusterView view = c.pin("idle").view();
        // staging cannot be emptied (its guest is pinned); h1's active guest may join idle there instead.
        assertThat(policy.plan(view).actions()).noneMatch(a -> ((Action.Migrate) a).guestId().equals("idle"));
    }

    @Test
    void badSettingsAreRefusedNamingEveryProblem() {
        assertThatThrownBy(() -> new ConsolidationSettings(" ", 0, 1.5, 0, 0))
                .hasMessageContaining("attune.policy.name must not be blank")
                .hasMessageContaining("historyCycles must be >= 1, was 0")
                .hasMessageContaining("activeShare must be in [0, 1), was 1.5")
                .hasMessageContaining("cpuCeiling must be in (0, 1], was 0.0")
                .hasMessageContaining("maxMigrations must be >= 1, was 0");
    }

    @Test
    void fullReservationFitCountsWholeVcpus() {
        Host h = new Host("h", "h", "d", 4000, 4, 8192, PowerState.ON, Availability.ONLINE, "");
        List<Guest> guests = List.of(new Guest("a", "a", 2, 512, "", "", Map.of(), GuestState.RUNNING),
                new Guest("b", "b", 1, 512, "", "", Map.of(), GuestState.RUNNING),
                new Guest("c", "c", 2, 512, "", "", Map.of(), GuestState.RUNNING));
        assertThat(ConsolidationPolicy.fullReservationFit(h, guests, null)).isEqualTo(2);
    }

    /** h1 breaks the rule (a and b peak at 600 each); a fits best on h3 (next to busy), else on h2. */
    private static ClusterFixture twoActiveOnH1() {
        return cluster().host("h1").host("h2").host("h3")
                .guest("a", "h1", 500, 600, 550).guest("b", "h1", 400, 600, 500).guest("sleepy", "h1", 0, 3, 0)
                .guest("dozy", "h2", 1, 1, 1).guest("busy", "h3", 300, 300, 300);
    }

    @Test
    void aHardConstraintIsNeverBroken_whenActiveGuestsAreSeparated() {
        ClusterView free = twoActiveOnH1().view();
        assertThat(onlyMigration(requireValid(free, policy.plan(free))).toHostId()).as("best fit without the rule")
                .isEqualTo("h3");

        ClusterFixture c = twoActiveOnH1();
        c.constraint(apart("a", "busy", true));
        ClusterView view = c.view();
        Plan plan = requireValid(view, policy.plan(view));
        assertThat(onlyMigration(plan)).satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("a");
            assertThat(m.toHostId()).isEqualTo("h2");
        });
        assertThat(placementAfter(view, plan).get("a")).isNotEqualTo(placementAfter(view, plan).get("busy"));
    }

    /** Two hosts each with an active guest; one inactive guest on staging goes to h1 (a tie, by name). */
    private static ClusterFixture oneIdleToPlace() {
        return cluster().host("h1").host("h2").host("staging")
                .guest("active1", "h1", 700, 800, 750).guest("active2", "h2", 700, 800, 750)
                .guest("idle1", "staging", 2, 5, 1);
    }

    @Test
    void aHardConstraintIsNeverBroken_whenInactiveGuestsFillTheRoom() {
        ClusterView free = oneIdleToPlace().view();
        assertThat(onlyMigration(requireValid(free, policy.plan(free))).toHostId()).isEqualTo("h1");

        ClusterFixture c = oneIdleToPlace();
        c.constraint(apart("idle1", "active1", true));
        ClusterView view = c.view();
        assertThat(onlyMigration(requireValid(view, policy.plan(view)))).satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("idle1");
            assertThat(m.toHostId()).isEqualTo("h2");
        });
    }

    @Test
    void aSoftConstraintIsWeighed_theHostThatKeepsItIsPreferred() {
        ClusterFixture c = oneIdleToPlace();
        c.constraint(apart("idle1", "active1", false));
        ClusterView view = c.view();
        assertThat(onlyMigration(requireValid(view, policy.plan(view))).toHostId()).isEqualTo("h2");
    }

    @Test
    void memoryAGuestStillLeavingAHostHoldsThereIsNotFilled() {
        // big (3584 MiB) is migrating from h1 to h3 (whose active guest leaves it no room for more): until big has
        // left, h1 has 4096 - 512 - 3584 = 0 MiB free. The inactive guest goes to h2 instead of h1, which wins the tie
        // once big has gone.
        ClusterFixture moving = oneIdleToPlace().host("h3").guest("active3", "h3", 800)
                .guest("big", "h1", g -> g.memory(3584), 0).migrating("big", "h3", 0.5);
        ClusterView view = moving.view();
        assertThat(onlyMigration(requireValid(view, policy.plan(view)))).satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("idle1");
            assertThat(m.toHostId()).isEqualTo("h2");
        });

        ClusterView done = oneIdleToPlace().host("h3").guest("active3", "h3", 800)
                .guest("big", "h3", g -> g.memory(3584), 0).view();
        assertThat(onlyMigration(requireValid(done, policy.plan(done))).toHostId()).isEqualTo("h1");
    }
}
