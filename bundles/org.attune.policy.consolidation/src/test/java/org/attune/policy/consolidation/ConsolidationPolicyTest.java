package org.attune.policy.consolidation;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsolidationPolicyTest {

    private final ConsolidationPolicy policy = new ConsolidationPolicy(ConsolidationSettings.defaults());

    /** Hosts of one 1000-MIPS core and 4 GiB; guests of one vCPU and 512 MiB with a demand history. */
    private static final class Cluster {
        final List<Host> hosts = new ArrayList<>();
        final List<Guest> guests = new ArrayList<>();
        final Map<String, String> placement = new HashMap<>();
        final Map<MetricHistory.Key, Series> series = new HashMap<>();
        final List<MigrationInFlight> inFlight = new ArrayList<>();
        final List<PlacementConstraint> constraints = new ArrayList<>();

        Cluster host(String id) {
            hosts.add(new Host(id, id, "d", 1000, 1, 4096, PowerState.ON, Availability.ONLINE, ""));
            return this;
        }

        Cluster guest(String id, String host, double... demand) {
            return sized(id, 512, host, demand);
        }

        Cluster sized(String id, long memoryMiB, String host, double... demand) {
            guests.add(new Guest(id, id, 1, memoryMiB, "", "", Map.of(), GuestState.RUNNING));
            placement.put(id, host);
            series.put(new MetricHistory.Key(Subject.guest(id), Metrics.CPU_DEMAND), Series.regular(0, 1000, demand));
            return this;
        }

        ClusterView view() {
            return ClusterView.builder().time(Instant.EPOCH).hosts(hosts).guests(guests).placement(placement)
                    .metrics(new MetricHistory(series)).inFlight(inFlight).constraints(constraints).build();
        }
    }

    /** The plan as the orchestrator's validator sees it: no step may be refused. */
    private static Plan valid(ClusterView view, Plan plan) {
        assertThat(new PlanValidator(Limits.NONE).validate(view, plan.actions()).refused())
                .as("steps refused in %s", plan.actions()).isEmpty();
        return plan;
    }

    private static Action.Migrate only(Plan plan) {
        assertThat(plan.actions()).hasSize(1);
        return (Action.Migrate) plan.actions().get(0);
    }

    /** Where every guest is once the plan's migrations are done. */
    private static Map<String, String> after(ClusterView view, Plan plan) {
        Map<String, String> placement = new HashMap<>(view.placement());
        view.inFlight().values().forEach(m -> placement.put(m.guestId(), m.toHostId()));
        for (Action a : plan.actions()) {
            Action.Migrate m = (Action.Migrate) a;
            assertThat(placement.get(m.guestId())).isEqualTo(m.fromHostId());
            placement.put(m.guestId(), m.toHostId());
        }
        return placement;
    }

    @ParameterizedTest(name = "{0} hosts, {1} inactive guests")
    @CsvSource({"1, 1", "2, 3", "3, 3", "3, 4"})
    void nHostsAndMInactiveGuests_placeNPlusM(int n, int m) {
        // n hosts each run one active guest that uses 80% of it: by full vCPU reservation each host is full.
        // m inactive guests wait on a staging host; overbooking puts them in the room the active guests leave.
        Cluster c = new Cluster();
        for (int i = 1; i <= n; i++) {
            c.host("h" + i).guest("active" + i, "h" + i, 700, 800, 750);
        }
        c.host("staging");
        for (int j = 1; j <= m; j++) {
            c.guest("idle" + j, "staging", 2, 5, 1);
        }
        ClusterView view = c.view();
        Plan plan = new ConsolidationPolicy(new ConsolidationSettings("consolidation", 6, 0.1, 1.0, 10)).plan(view);

        Map<String, String> placement = after(view, plan);
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
        ClusterView view = new Cluster().host("h1").host("h2")
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
        Cluster c = new Cluster().host("h1").host("h2").guest("busy", "h1", 900);
        c.guests.add(new Guest("unknown", "unknown", 1, 512, "", "", Map.of(), GuestState.RUNNING));
        c.placement.put("unknown", "h2");
        Plan plan = policy.plan(c.view());
        // Moving "unknown" next to "busy" would risk 900 + its unknown demand: nothing is planned.
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("2 active, 0 inactive"));
    }

    @Test
    void memoryLimitsTheFill() {
        // 4096 MiB per host: with one active guest (512) there is room for 7 inactive ones of 512, not 8.
        Cluster c = new Cluster().host("h1").guest("active", "h1", 800).host("staging");
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
        Cluster c = new Cluster().host("h1").guest("active", "h1", 800).host("staging").guest("idle", "staging", 0);
        ClusterView view = c.view().toBuilder().pinned(Set.of("idle")).build();
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
    private static Cluster twoActiveOnH1() {
        return new Cluster().host("h1").host("h2").host("h3")
                .guest("a", "h1", 500, 600, 550).guest("b", "h1", 400, 600, 500).guest("sleepy", "h1", 0, 3, 0)
                .guest("dozy", "h2", 1, 1, 1).guest("busy", "h3", 300, 300, 300);
    }

    @Test
    void aHardConstraintIsNeverBroken_whenActiveGuestsAreSeparated() {
        ClusterView free = twoActiveOnH1().view();
        assertThat(only(valid(free, policy.plan(free))).toHostId()).as("best fit without the rule").isEqualTo("h3");

        Cluster c = twoActiveOnH1();
        c.constraints.add(new AntiAffinity("a", "busy", true));
        ClusterView view = c.view();
        Plan plan = valid(view, policy.plan(view));
        assertThat(only(plan)).satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("a");
            assertThat(m.toHostId()).isEqualTo("h2");
        });
        assertThat(after(view, plan).get("a")).isNotEqualTo(after(view, plan).get("busy"));
    }

    /** Two hosts each with an active guest; one inactive guest on staging goes to h1 (a tie, by name). */
    private static Cluster oneIdleToPlace() {
        return new Cluster().host("h1").host("h2").host("staging")
                .guest("active1", "h1", 700, 800, 750).guest("active2", "h2", 700, 800, 750)
                .guest("idle1", "staging", 2, 5, 1);
    }

    @Test
    void aHardConstraintIsNeverBroken_whenInactiveGuestsFillTheRoom() {
        ClusterView free = oneIdleToPlace().view();
        assertThat(only(valid(free, policy.plan(free))).toHostId()).isEqualTo("h1");

        Cluster c = oneIdleToPlace();
        c.constraints.add(new AntiAffinity("idle1", "active1", true));
        ClusterView view = c.view();
        assertThat(only(valid(view, policy.plan(view)))).satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("idle1");
            assertThat(m.toHostId()).isEqualTo("h2");
        });
    }

    @Test
    void aSoftConstraintIsWeighed_theHostThatKeepsItIsPreferred() {
        Cluster c = oneIdleToPlace();
        c.constraints.add(new AntiAffinity("idle1", "active1", false));
        ClusterView view = c.view();
        assertThat(only(valid(view, policy.plan(view))).toHostId()).isEqualTo("h2");
    }

    @Test
    void memoryAGuestStillLeavingAHostHoldsThereIsNotFilled() {
        // big (3584 MiB) is migrating from h1 to h3 (whose active guest leaves it no room for more): until big has
        // left, h1 has 4096 - 512 - 3584 = 0 MiB free. The inactive guest goes to h2 instead of h1, which wins the tie
        // once big has gone.
        Cluster moving = oneIdleToPlace().host("h3").guest("active3", "h3", 800).sized("big", 3584, "h1", 0);
        moving.inFlight.add(new MigrationInFlight("big", "h1", "h3", Instant.EPOCH, 0.5));
        ClusterView view = moving.view();
        assertThat(only(valid(view, policy.plan(view)))).satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("idle1");
            assertThat(m.toHostId()).isEqualTo("h2");
        });

        ClusterView done = oneIdleToPlace().host("h3").guest("active3", "h3", 800).sized("big", 3584, "h3", 0).view();
        assertThat(only(valid(done, policy.plan(done))).toHostId()).isEqualTo("h1");
    }
}
