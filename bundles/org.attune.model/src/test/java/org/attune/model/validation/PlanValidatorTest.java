package org.attune.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerState;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.PlacementState;
import org.attune.model.validation.Refusal.Code;
import org.attune.model.validation.Validation.Step;
import org.attune.model.validation.Validation.Verdict;
import org.junit.jupiter.api.Test;

class PlanValidatorTest {

    private final List<Host> hosts = new ArrayList<>();
    private final List<Guest> guests = new ArrayList<>();
    private final Map<String, String> placement = new HashMap<>();
    private final List<MigrationInFlight> inFlight = new ArrayList<>();
    private final List<PlacementConstraint> constraints = new ArrayList<>();
    private Set<String> pinned = Set.of();

    private PlanValidatorTest host(String id, long memory, PowerState power) {
        hosts.add(new Host(id, id, "d", 2000, 2, memory, power, Availability.ONLINE, ""));
        return this;
    }

    private PlanValidatorTest host(String id, long memory) {
        return host(id, memory, PowerState.ON);
    }

    private PlanValidatorTest guest(String id, String host, long memory, int vcpus) {
        guests.add(new Guest(id, id, vcpus, memory, "", "", Map.of(), GuestState.RUNNING));
        placement.put(id, host);
        return this;
    }

    private PlanValidatorTest guest(String id, String host, long memory) {
        return guest(id, host, memory, 1);
    }

    private ClusterView view() {
        return ClusterView.builder().time(Instant.EPOCH).hosts(hosts).guests(guests).placement(placement)
                .inFlight(inFlight).pinned(pinned).constraints(constraints).build();
    }

    private static Action move(String guest, String from, String to) {
        return Action.live(guest, from, to, "test");
    }

    private Validation validate(Limits limits, Action... actions) {
        return new PlanValidator(limits).validate(view(), List.of(actions));
    }

    private static List<Code> codes(Validation v) {
        return v.steps().stream().map(s -> s.reason() == null ? null : s.reason().code()).toList();
    }

    @Test
    void refusesWhatCanNeverRun_withACodeAndAReason() {
        host("a", 4096).host("b", 1024).host("off", 4096, PowerState.OFF).host("tiny", 4096)
                .guest("g", "a", 2048).guest("h", "a", 512).guest("big", "a", 512, 4);
        hosts.set(3, new Host("tiny", "tiny", "d", 2000, 2, 4096, PowerState.ON, Availability.ONLINE, ""));
        hosts.add(new Host("x", "x", "other-driver", 2000, 2, 4096, PowerState.ON, Availability.ONLINE, ""));
        Validation v = validate(Limits.NONE,
                move("nobody", "a", "b"),
                move("g", "b", "a"),
                move("g", "a", "a"),
                move("g", "a", "nowhere"),
                move("g", "a", "x"),
                move("g", "a", "off"),
                move("big", "a", "tiny"),
                move("g", "a", "b"),
                new Action.PowerOff("a", "busy"),
                new Action.PowerOn("b", "on already"));
        assertThat(codes(v)).containsExactly(Code.UNKNOWN_GUEST, Code.WRONG_SOURCE, Code.DUPLICATE, Code.DUPLICATE,
                Code.DUPLICATE, Code.DUPLICATE, Code.CPUS, Code.DUPLICATE, Code.NOT_EMPTY, Code.POWER_STATE);
        // One guest per step: the same checks on fresh guests.
        Validation each = validate(Limits.NONE, move("g", "b", "a"));
        assertThat(each.steps().get(0).reason().message()).isEqualTo("g is on a, not on b");
        assertThat(codes(validate(Limits.NONE, move("g", "a", "a")))).containsExactly(Code.SAME_HOST);
        assertThat(codes(validate(Limits.NONE, move("g", "a", "nowhere")))).containsExactly(Code.UNKNOWN_HOST);
        assertThat(codes(validate(Limits.NONE, move("g", "a", "x")))).containsExactly(Code.OTHER_DRIVER);
        assertThat(codes(validate(Limits.NONE, move("g", "a", "off")))).containsExactly(Code.HOST_UNUSABLE);
        Validation memory = validate(Limits.NONE, move("g", "a", "b"));
        assertThat(codes(memory)).containsExactly(Code.MEMORY);
        assertThat(memory.steps().get(0).reason().message()).isEqualTo("b has 1024 MiB free of 1024, g needs 2048 MiB");
    }

    @Test
    void inFlightAndPinnedGuestsDoNotMove_butAnOperatorMayMoveAPinnedOne() {
        host("a", 4096).host("b", 4096).host("c", 4096).guest("g", "a", 512).guest("p", "a", 512);
        inFlight.add(new MigrationInFlight("g", "a", "b", Instant.EPOCH, 0.5));
        pinned = Set.of("p");
        assertThat(codes(validate(Limits.NONE, move("g", "b", "c"), move("p", "a", "c"))))
                .containsExactly(Code.IN_FLIGHT, Code.PINNED);
        Validation operator = new PlanValidator(Limits.NONE).validate(view(), List.of(move("p", "a", "c")), true);
        assertThat(operator.accepted()).hasSize(1);
    }

    @Test
    void migrationsBeyondALimitWait_countingThoseInFlight() {
        host("a", 8192).host("b", 8192).host("c", 8192)
                .guest("g1", "a", 512).guest("g2", "a", 512).guest("g3", "a", 512).guest("x", "c", 512);
        inFlight.add(new MigrationInFlight("x", "c", "b", Instant.EPOCH, 0.1));
        Validation v = validate(new Limits(2, 2, 0), move("g1", "a", "b"), move("g2", "a", "c"), move("g3", "a", "c"));
        assertThat(v.steps()).extracting(Step::verdict).containsExactly(Verdict.ACCEPTED, Verdict.ACCEPTED,
                Verdict.DEFERRED);
        assertThat(v.steps().get(2).reason().code()).isEqualTo(Code.LIMIT_SOURCE);
        // b already receives x: a second one into it is the limit.
        Validation target = validate(new Limits(5, 1, 0), move("g1", "a", "b"));
        assertThat(codes(target)).containsExactly(Code.LIMIT_TARGET);
        Validation total = validate(new Limits(5, 5, 2), move("g1", "a", "b"), move("g2", "a", "c"));
        assertThat(codes(total)).containsExactly(null, Code.LIMIT_TOTAL);
    }

    @Test
    void aMoveToAHostPoweredOnEarlierInThePlanWaitsForItsBoot() {
        host("a", 4096).host("off", 4096, PowerState.OFF).guest("g", "a", 512);
        Validation v = validate(Limits.NONE, new Action.PowerOn("off", "need"), move("g", "a", "off"));
        assertThat(v.steps()).extracting(Step::verdict).containsExactly(Verdict.ACCEPTED, Verdict.DEFERRED);
        assertThat(v.steps().get(1).reason().code()).isEqualTo(Code.BOOTING);
        // Without the power-on, the host is unusable.
        assertThat(codes(validate(Limits.NONE, move("g", "a", "off")))).containsExactly(Code.HOST_UNUSABLE);
    }

    @Test
    void memoryFreedOnlyByAnEarlierMoveMakesALaterOneWait_andAPowerOffWaitsForTheHostToEmpty() {
        host("a", 1024).host("b", 1024).host("c", 4096).guest("g", "a", 1024).guest("h", "b", 1024);
        // h -> a needs g gone from a first: g's memory is held on a until its migration ends.
        Validation v = validate(Limits.NONE, move("g", "a", "c"), move("h", "b", "a"), new Action.PowerOff("b", "empty"));
        assertThat(v.steps()).extracting(Step::verdict).containsExactly(Verdict.ACCEPTED, Verdict.DEFERRED,
                Verdict.DEFERRED);
        assertThat(v.steps().get(1).reason().code()).isEqualTo(Code.MEMORY);
        assertThat(v.steps().get(2).reason().code()).isEqualTo(Code.NOT_EMPTY);
        assertThat(v.accepted()).hasSize(1);
        assertThat(v.deferred()).hasSize(2);
    }

    @Test
    void aHardConstraintHoldsInEveryIntermediateState() {
        host("a", 4096).host("b", 4096).host("c", 4096).guest("x", "a", 512).guest("y", "b", 512);
        constraints.add(new PlacementConstraint() {
            @Override
            public String name() {
                return "apart x y";
            }

            @Override
            public boolean hard() {
                return true;
            }

            @Override
            public Set<String> guests() {
                return Set.of("x", "y");
            }

            @Override
            public String refusal(PlacementState state, String guestId, String hostId) {
                String peer = guestId.equals("x") ? "y" : "x";
                return state.guestsOn(hostId).contains(peer) ? "x and y stay apart" : null;
            }
        });
        Validation never = validate(Limits.NONE, move("x", "a", "b"));
        assertThat(never.refused()).singleElement().satisfies(s -> {
            assertThat(s.reason().code()).isEqualTo(Code.CONSTRAINT);
            assertThat(s.reason().constraint()).isEqualTo("apart x y");
        });
        // y leaves b first: x may go to b only once y has gone (both would be on b while y migrates).
        Validation ordered = validate(Limits.NONE, move("y", "b", "c"), move("x", "a", "b"));
        assertThat(ordered.steps()).extracting(Step::verdict).containsExactly(Verdict.ACCEPTED, Verdict.DEFERRED);
        assertThat(ordered.steps().get(1).reason().constraint()).isEqualTo("apart x y");
    }
}
