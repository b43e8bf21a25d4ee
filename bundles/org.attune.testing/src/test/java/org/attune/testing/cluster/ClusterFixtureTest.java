package org.attune.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.driver.MigrationMode;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.junit.jupiter.api.Test;

class ClusterFixtureTest {

    @Test
    void hostsAndGuestsHaveTheDefaultsUnlessToldOtherwise() {
        ClusterView view = ClusterFixture.create().host("h1")
                .host("h2", h -> h.capacity(1000).cpus(1).memory(1024).power(PowerState.OFF).driver("sim")
                        .profile(PowerProfile.linear(100, 200)).bootTime(Duration.ofSeconds(60)))
                .guest("a", "h1").guest("b", "h2", g -> g.vcpus(2).memory(2048).tier("app").labels(Map.of("k", "v")))
                .view();
        assertThat(view.host("h1")).contains(new Host("h1", "h1", "d", 2000, 2, 4096, PowerState.ON,
                Availability.ONLINE, "", PowerProfile.UNKNOWN));
        Host h2 = view.host("h2").orElseThrow();
        assertThat(h2.cpuCapacity()).isEqualTo(1000);
        assertThat(h2.cpus()).isEqualTo(1);
        assertThat(h2.memoryMiB()).isEqualTo(1024);
        assertThat(h2.power()).isEqualTo(PowerState.OFF);
        assertThat(h2.driverId()).isEqualTo("sim");
        assertThat(h2.powerProfile()).isEqualTo(PowerProfile.linear(100, 200).withBoot(Duration.ofSeconds(60), 0));
        assertThat(view.guest("a").orElseThrow()).satisfies(g -> {
            assertThat(g.vcpus()).isEqualTo(1);
            assertThat(g.memoryMiB()).isEqualTo(512);
            assertThat(g.tier()).isEmpty();
            assertThat(g.state()).isEqualTo(GuestState.RUNNING);
        });
        assertThat(view.guest("b").orElseThrow()).satisfies(g -> {
            assertThat(g.vcpus()).isEqualTo(2);
            assertThat(g.memoryMiB()).isEqualTo(2048);
            assertThat(g.tier()).isEqualTo("app");
            assertThat(g.labels()).containsEntry("k", "v");
        });
        assertThat(view.placement()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "h1", "b", "h2"));
        assertThat(view.time()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void changedDefaultsApplyToWhatIsAddedAfter() {
        ClusterView view = ClusterFixture.create().host("before")
                .hosts(h -> h.capacity(1000).driver("libvirt")).guests(g -> g.memory(128)).host("after")
                .guest("g", "after").view();
        assertThat(view.host("before").orElseThrow().cpuCapacity()).isEqualTo(2000);
        assertThat(view.host("after").orElseThrow().cpuCapacity()).isEqualTo(1000);
        assertThat(view.host("after").orElseThrow().driverId()).isEqualTo("libvirt");
        assertThat(view.guest("g").orElseThrow().memoryMiB()).isEqualTo(128);
    }

    @Test
    void historiesEndAtTheViewsTime_oneSampleAnIntervalApart() {
        ClusterView view = ClusterFixture.create().host("h1", 0.5, 0.9).guest("a", "h1", 100, 200, 300)
                .guest("quiet", "h1").sends("a", "quiet", 4e6)
                .requestRate("app", 30, 31)
                .history(Subject.host("h1"), Metrics.POWER_WATTS, Series.of(new double[] {90}, new long[] {5}))
                .sampleInterval(Duration.ofMinutes(1)).time(Instant.ofEpochSecond(600)).view();
        Series guest = view.metrics().series(Subject.guest("a"), Metrics.CPU_DEMAND);
        assertThat(guest.values()).containsExactly(100, 200, 300);
        assertThat(guest.time(2)).isEqualTo(Instant.ofEpochSecond(600));
        assertThat(guest.time(0)).isEqualTo(Instant.ofEpochSecond(480));
        assertThat(view.hostCpuDemand("h1")).isEqualTo(0.9);
        assertThat(view.metrics().series(Subject.guest("quiet"), Metrics.CPU_DEMAND).isEmpty()).isTrue();
        assertThat(view.metrics().latest(Subject.guest("a"), Metrics.traffic("quiet"), 0)).isEqualTo(4e6);
        assertThat(view.metrics().series(Subject.tier("app"), Metrics.REQUEST_RATE).values()).containsExactly(30, 31);
        assertThat(view.metrics().series(Subject.host("h1"), Metrics.POWER_WATTS).time(0))
                .isEqualTo(Instant.ofEpochMilli(5));
    }

    @Test
    void migrationsInFlightLeaveTheGuestOnItsSourceUntilItArrives_pinsAndConstraintsReachTheView() {
        ClusterFixture c = ClusterFixture.create().host("h1").host("h2").guest("big", "h1", g -> g.memory(3000), 0)
                .guest("a", "h1").migrating("big", "h2", 0.5).pin("a").constraint(TestConstraints.apart("a", "big"));
        ClusterView moving = c.view();
        assertThat(moving.hostOf("big")).isEqualTo("h1");
        assertThat(moving.inFlight().get("big")).satisfies(m -> {
            assertThat(m.fromHostId()).isEqualTo("h1");
            assertThat(m.toHostId()).isEqualTo("h2");
            assertThat(m.fractionDone()).isEqualTo(0.5);
        });
        assertThat(moving.memoryCommitted("h2")).isEqualTo(3000);
        assertThat(moving.isPinned("a")).isTrue();
        assertThat(moving.constraints()).extracting(r -> r.name()).containsExactly("anti-affinity a/big");

        ClusterView done = c.arrived("big").view();
        assertThat(done.hostOf("big")).isEqualTo("h2");
        assertThat(done.inFlight()).isEmpty();
        assertThatThrownBy(() -> c.arrived("big")).hasMessageContaining("no migration in flight");
    }

    @Test
    void aPlanIsCarriedOutAsTheOrchestratorWould() {
        ClusterFixture c = ClusterFixture.create().host("h1").host("h2").host("off", h -> h.power(PowerState.OFF))
                .guest("a", "h2");
        c.apply(new Plan("p", List.of(new Action.Migrate("a", "h2", "h1", MigrationMode.LIVE, "why"),
                new Action.PowerOff("h2", "empty"), new Action.PowerOn("off", "room")), List.of()));
        ClusterView view = c.view();
        assertThat(view.hostOf("a")).isEqualTo("h1");
        assertThat(view.host("h2").orElseThrow().power()).isEqualTo(PowerState.OFF);
        assertThat(view.host("off").orElseThrow().power()).isEqualTo(PowerState.BOOTING);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> ClusterFixture.create().host("h").host("h")).hasMessageContaining("host h is already");
        assertThatThrownBy(() -> ClusterFixture.create().host("h").guest("g", "nowhere").view())
                .hasMessageContaining("unknown host nowhere");
        assertThatThrownBy(() -> ClusterFixture.create().migrating("ghost", "h", 0)).hasMessageContaining("no guest ghost");
    }
}
