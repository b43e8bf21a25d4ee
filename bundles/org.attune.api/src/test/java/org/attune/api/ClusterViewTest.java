package org.attune.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ClusterViewTest {

    private static Host host(String id, String driver) {
        return new Host(id, id, driver, 2000, 2, 4096, PowerState.ON, Availability.ONLINE, null);
    }

    private static Guest guest(String id, long memory) {
        return new Guest(id, id, 1, memory, null, null, null, GuestState.RUNNING);
    }

    private final ClusterView view = ClusterView.builder()
            .hosts(List.of(host("h1", "sim"), host("h2", "sim"), host("x", "libvirt")))
            .guests(List.of(guest("a", 512), guest("b", 256), guest("c", 1024)))
            .placement(Map.of("a", "h1", "b", "h1", "c", "h2"))
            .inFlight(List.of(new MigrationInFlight("c", "h2", "h1", Instant.EPOCH, 0.5)))
            .pinned(Set.of("b"))
            .build();

    @Test
    void indexesGuestsByHost() {
        assertThat(view.guestsOn("h1")).extracting(Guest::id).containsExactlyInAnyOrder("a", "b");
        assertThat(view.guestsOn("nope")).isEmpty();
        assertThat(view.hostOf("c")).isEqualTo("h2");
        assertThat(view.guest("a")).isPresent();
        assertThat(view.host("zz")).isEmpty();
    }

    @Test
    void memoryCommittedCountsIncomingMigrations() {
        assertThat(view.memoryCommitted("h1")).isEqualTo(512 + 256 + 1024);
        assertThat(view.memoryCommitted("h2")).isEqualTo(1024);
    }

    @Test
    void pinnedIncludesInFlightGuests() {
        assertThat(view.isPinned("b")).isTrue();
        assertThat(view.isPinned("c")).isTrue();
        assertThat(view.isPinned("a")).isFalse();
    }

    @Test
    void migrationOnlyWithinOneDriver() {
        assertThat(view.sameDriver("h1", "h2")).isTrue();
        assertThat(view.sameDriver("h1", "x")).isFalse();
        assertThat(view.sameDriver("h1", "unknown")).isFalse();
    }

    @Test
    void hostDemandFallsBackToGuestDemands() {
        MetricHistory metrics = new MetricHistory(Map.of(
                new MetricHistory.Key(Subject.guest("a"), Metrics.CPU_DEMAND), Series.regular(0, 1, 300),
                new MetricHistory.Key(Subject.guest("b"), Metrics.CPU_DEMAND), Series.regular(0, 1, 500),
                new MetricHistory.Key(Subject.host("h2"), Metrics.CPU_DEMAND), Series.regular(0, 1, 1.25)));
        ClusterView measured = view.toBuilder().metrics(metrics).build();
        assertThat(measured.hostCpuDemand("h1")).isEqualTo(0.4);
        assertThat(measured.hostCpuDemand("h2")).isEqualTo(1.25);
    }

    @Test
    void inconsistentPlacementIsRefused() {
        assertThatThrownBy(() -> ClusterView.builder().hosts(List.of(host("h1", "sim"))).guests(List.of(guest("a", 1)))
                .placement(Map.of("a", "h9")).build()).hasMessageContaining("guest a is placed on unknown host h9");
        assertThatThrownBy(() -> ClusterView.builder().hosts(List.of(host("h1", "sim"), host("h1", "sim"))).build())
                .hasMessageContaining("duplicate host id h1");
    }

    @Test
    void modelRefusesNegativeSizes() {
        assertThatThrownBy(() -> new Host("h", "h", "d", -1, 1, 1, PowerState.ON, Availability.ONLINE, ""))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new Guest("g", "g", -1, 1, "", "", Map.of(), GuestState.RUNNING))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new Sample(Subject.host("h"), "m", Double.NaN, Instant.EPOCH))
                .hasMessageContaining("finite");
    }
}
