package org.attune.driver.sim.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.attune.driver.sim.VirtualClock;
import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.PowerState;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.Inventory;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.simulation.Workloads;
import org.junit.jupiter.api.Test;

class InventoryAndProbeTest {

    private final VirtualClock clock = new VirtualClock(Instant.parse("2025-03-03T00:00:00Z"));
    private final SimCluster cluster = new SimCluster("lab", clock, Duration.ofSeconds(1));

    @Test
    void inventoryDescribesHostsGuestsAndPlacement() throws DriverException {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addHost(HostSpec.of("h2", 4, 2000, 8192).withPoweredOn(false));
        cluster.addGuest(GuestSpec.of("web", 1, 512, "h1", Workloads.constant(10)).withTier("front")
                .withLabels(Map.of("env", "demo")));

        Inventory inv = cluster.inventory();
        assertThat(inv.driverId()).isEqualTo("lab");
        assertThat(inv.hosts()).containsExactly(
                new Host("h1", "h1", "lab", 2000, 2, 4096, PowerState.ON, Availability.ONLINE, "",
                        HostSpec.DEFAULT_POWER_PROFILE),
                new Host("h2", "h2", "lab", 8000, 4, 8192, PowerState.OFF, Availability.ONLINE, "powered off",
                        HostSpec.DEFAULT_POWER_PROFILE));
        Guest web = inv.guests().get(0);
        assertThat(web.id()).isEqualTo(GuestSpec.derivedUuid("web").toString());
        assertThat(web.tier()).isEqualTo("front");
        assertThat(web.labels()).containsEntry("env", "demo");
        assertThat(web.mac()).startsWith("52:54:00:");
        assertThat(web.state()).isEqualTo(GuestState.RUNNING);
        assertThat(inv.placement()).containsExactly(Map.entry(web.id(), "h1"));
        // A view can be built from it: ids are unique and the placement is consistent.
        ClusterView view = ClusterView.builder().hosts(inv.hosts()).guests(inv.guests()).placement(inv.placement())
                .build();
        assertThat(view.guestsOn("h1")).containsExactly(web);

        cluster.stopGuest("web");
        assertThat(cluster.inventory().guests().get(0).state()).isEqualTo(GuestState.STOPPED);
        cluster.startGuest("web");
        assertThat(cluster.inventory().guests().get(0).state()).isEqualTo(GuestState.RUNNING);
    }

    @Test
    void aStoppedGuestDemandsNothing() throws DriverException {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("g", 1, 512, "h1", Workloads.constant(800)));
        cluster.stopGuest("g");
        clock.advance(Duration.ofSeconds(10));
        cluster.advance();
        assertThat(cluster.guestReading("g").demand()).isZero();
        assertThat(cluster.guestReading("g").cpuTimeNanos()).isZero();
    }

    @Test
    void statusIsOnlineAndDescribesTheCluster() {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        clock.advance(Duration.ofSeconds(90));
        cluster.advance();
        assertThat(cluster.status().availability()).isEqualTo(Availability.ONLINE);
        assertThat(cluster.status().detail()).contains("1 hosts", "0 guests", "+90s");
        assertThat(cluster.status().problems()).isEmpty();
        assertThat(cluster.now()).isEqualTo(clock.instant());
    }

    @Test
    void probePublishesHostAndGuestMetricsFromTheLatestStep() {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("a", 2, 512, "h1", Workloads.constant(1500)));
        cluster.addGuest(GuestSpec.of("b", 1, 512, "h1", Workloads.constant(1000)));
        SimProbe probe = new SimProbe(cluster);
        // The first reading only sets the guests' CPU-time baselines: no guest utilization yet.
        assertThat(probe.sample(clock.instant())).hasSize(3 + 2);
        clock.advance(Duration.ofSeconds(5));
        cluster.advance();

        Instant now = clock.instant();
        List<Sample> samples = probe.sample(now);

        assertThat(probe.name()).isEqualTo("sim");
        assertThat(samples).hasSize(3 + 2 * 2).allMatch(s -> s.timestamp().equals(now));
        // Probing again within the same step keeps the rates (no false reset).
        assertThat(probe.sample(now)).hasSize(3 + 2 * 2);
        Subject h1 = Subject.host("h1");
        Subject a = Subject.guest(GuestSpec.derivedUuid("a").toString());
        assertThat(value(samples, h1, Metrics.CPU_UTILIZATION)).isEqualTo(1.0);
        assertThat(value(samples, h1, Metrics.CPU_DEMAND)).isCloseTo(1.25, within(1e-12));
        assertThat(value(samples, h1, Metrics.POWER_WATTS)).isEqualTo(140);
        assertThat(value(samples, a, Metrics.CPU_DEMAND)).isEqualTo(1500);
        // 1500 x 2000/2500 = 1200 of its 2 x 1000 MIPS.
        assertThat(value(samples, a, Metrics.CPU_UTILIZATION)).isCloseTo(0.6, within(1e-12));
        assertThat(SimProbe.METRICS).containsExactly(Metrics.CPU_UTILIZATION, Metrics.CPU_DEMAND, Metrics.POWER_WATTS);
    }

    @Test
    void guestUtilizationComesFromTheCpuCounterWhichAMigrationResets() throws DriverException {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addHost(HostSpec.of("h2", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("a", 1, 256, "h1", Workloads.constant(500)));
        Subject a = Subject.guest(GuestSpec.derivedUuid("a").toString());
        SimProbe probe = new SimProbe(cluster);
        probe.sample(clock.instant());
        clock.advance(Duration.ofSeconds(10));
        cluster.advance();
        assertThat(value(probe.sample(clock.instant()), a, Metrics.CPU_UTILIZATION)).isCloseTo(0.5, within(1e-6));
        long before = cluster.guestReading("a").cpuTimeNanos();
        assertThat(before).isGreaterThan(0);

        cluster.migrate("a", "h2", org.attune.api.driver.MigrationOptions.live());
        for (int i = 0; i < 120 && !cluster.guestReading("a").hostId().equals("h2"); i++) {
            clock.advance(Duration.ofSeconds(1));
            cluster.advance();
            probe.sample(clock.instant());
        }
        assertThat(cluster.guestReading("a").hostId()).isEqualTo("h2");
        // The counter went down (new process): a reset, so no sample at all rather than a negative one.
        assertThat(cluster.guestReading("a").cpuTimeNanos()).isLessThan(before);
        assertThat(probe.sample(clock.instant())).noneMatch(s -> s.subject().equals(a)
                && s.metric().equals(Metrics.CPU_UTILIZATION));
        clock.advance(Duration.ofSeconds(10));
        cluster.advance();
        assertThat(value(probe.sample(clock.instant()), a, Metrics.CPU_UTILIZATION)).isCloseTo(0.5, within(1e-6));
    }

    private static double value(List<Sample> samples, Subject subject, String metric) {
        return samples.stream().filter(s -> s.subject().equals(subject) && s.metric().equals(metric))
                .findFirst().orElseThrow(() -> new AssertionError("no " + metric + " for " + subject)).value();
    }
}
