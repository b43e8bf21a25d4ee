package org.attune.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerState;
import org.attune.api.policy.Action;
import org.attune.model.ClusterModel;
import org.attune.model.validation.Validation.Verdict;
import org.junit.jupiter.api.Test;

/**
 * A driver may report a migrated guest on its target a moment before the migration's job reports its end: the view
 * then places the guest on the target and still lists the migration in flight. The guest is in flight all the
 * same: a second migration of it must not start.
 */
class InFlightValidationTest {

    private static Host host(String id) {
        return new Host(id, id, "d", 1000, 2, 4096, PowerState.ON, Availability.ONLINE, "");
    }

    private static ClusterView view(String placedOn) {
        return ClusterView.builder().time(Instant.EPOCH).hosts(List.of(host("h1"), host("h2"), host("h3")))
                .guests(List.of(new Guest("g", "g", 1, 512, "", "", Map.of(), GuestState.RUNNING)))
                .placement(Map.of("g", placedOn))
                .inFlight(List.of(new MigrationInFlight("g", "h1", "h2", Instant.EPOCH, 0.99))).build();
    }

    @Test
    void aGuestInFlightIsInFlightWhereverItsDriverAlreadyPlacesIt() {
        for (String placedOn : List.of("h1", "h2")) {
            ClusterModel model = ClusterModel.of(view(placedOn));
            int g = model.guestIndex("g");
            assertThat(model.inFlight(g)).as("placed on %s", placedOn).isTrue();
            assertThat(model.pinned(g)).isTrue();
            assertThat(model.hostOf(g)).isEqualTo(model.hostIndex("h2"));

            Validation v = new PlanValidator(Limits.NONE).validate(view(placedOn),
                    List.of(Action.live("g", "h2", "h3", "again")), true);
            assertThat(v.steps()).singleElement().satisfies(s -> {
                assertThat(s.verdict()).isEqualTo(Verdict.REFUSED);
                assertThat(s.reason().code()).as("placed on %s", placedOn).isEqualTo(Refusal.Code.IN_FLIGHT);
            });
        }
    }
}
