package org.attune.driver.sim.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.attune.driver.sim.HostReading;
import org.attune.driver.sim.VirtualClock;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.driver.Inventory;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimScenarioTest {

    /** The scenario this module ships, and attaches for the feature. */
    private static final Path SHIPPED = Path.of("src/main/cfg");

    private final VirtualClock clock = new VirtualClock(Instant.parse("2025-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void theShippedScenarioHasThreeHostsAndThreeGuestsOnHost1() throws IOException {
        SimCluster cluster = SimScenario.load(SHIPPED, clock);
        Inventory inv = cluster.inventory();

        assertThat(cluster.id()).isEqualTo("sim");
        assertThat(cluster.status().problems()).isEmpty();
        assertThat(inv.hosts()).extracting(Host::id).containsExactly("host1", "host2", "host3");
        assertThat(inv.hosts()).allSatisfy(h -> {
            assertThat(h.cpuCapacity()).isEqualTo(2000);
            assertThat(h.cpus()).isEqualTo(2);
            assertThat(h.memoryMiB()).isEqualTo(4096);
            assertThat(h.power()).isEqualTo(PowerState.ON);
            assertThat(h.powerProfile()).isEqualTo(PowerProfile.linear(70, 140).withBoot(Duration.ofSeconds(30), 70)
                    .withShutdown(Duration.ofSeconds(10), 70));
        });
        assertThat(inv.guests()).extracting(Guest::name).containsExactlyInAnyOrder("front", "app1", "app2");
        assertThat(inv.placement().values()).containsOnly("host1");
        assertThat(inv.guests()).filteredOn(g -> g.name().startsWith("app"))
                .allSatisfy(g -> {
                    assertThat(g.tier()).isEqualTo("app");
                    assertThat(g.vcpus()).isEqualTo(2);
                    assertThat(g.memoryMiB()).isEqualTo(512);
                });
        assertThat(inv.guests()).filteredOn(g -> g.name().equals("front"))
                .singleElement().satisfies(g -> assertThat(g.tier()).isEqualTo("front"));
    }

    @Test
    void theShippedScenarioOverloadsHost1AtItsPeakAndIdlesItAfterwards() throws IOException {
        SimCluster cluster = SimScenario.load(SHIPPED, clock);

        clock.advance(Duration.ofSeconds(150));
        cluster.advance();
        HostReading peak = cluster.hostReading("host1");
        // front 100 + app1 1000 + app2 1000 = 2100 > 2000.
        assertThat(peak.demandShare()).isGreaterThan(1.0);
        assertThat(peak.demandShare() * peak.capacity()).isEqualTo(2100);
        assertThat(cluster.lostWork()).isPositive();

        clock.advance(Duration.ofSeconds(200));
        cluster.advance();
        HostReading after = cluster.hostReading("host1");
        assertThat(after.demandShare()).isLessThan(0.3);
        assertThat(after.utilization()).isLessThan(0.3);
        // The pattern repeats every 400 s.
        clock.advance(Duration.ofSeconds(200));
        cluster.advance();
        assertThat(cluster.hostReading("host1").demandShare()).isGreaterThan(1.0);
    }

    @Test
    void badFilesAreListedAsProblemsAndTheRestLoads() throws IOException {
        write("org.attune.driver.sim.host-a.cfg", "cpus = 2\ncoreMips = 1000\n");
        write("org.attune.driver.sim.host-b.cfg", "cpus = 0\n");
        write("org.attune.driver.sim.guest-g1.cfg", "host = a\nworkload = constant 300\n");
        write("org.attune.driver.sim.guest-g2.cfg", "host = nowhere\n");
        write("org.attune.driver.sim.guest-g3.cfg", "host = a\nworkload = ramp 1 2\n");
        write("org.attune.driver.sim.cfg", "id = bench\nmaxStep = 5m\nspeedup = fast\n");

        SimCluster cluster = SimScenario.load(dir, clock);

        assertThat(cluster.id()).isEqualTo("bench");
        // The factory name of the file names the host or guest when the file does not.
        assertThat(cluster.inventory().hosts()).extracting(Host::id).containsExactly("a");
        assertThat(cluster.inventory().guests()).extracting(Guest::name).containsExactly("g1");
        assertThat(cluster.status().problems()).containsExactly(
                "driver config org.attune.driver.sim.cfg: speedup: invalid value ('fast' is not a number); using 1.0",
                "guest config org.attune.driver.sim.guest-g2.cfg: initial host 'nowhere' is unknown (known hosts: a);"
                        + " the guest waits for it",
                "guest config org.attune.driver.sim.guest-g3.cfg: workload 'ramp 1 2': ramp: missing duration=<how long"
                        + " the ramp lasts>",
                "host config org.attune.driver.sim.host-b.cfg: cpus must be at least 1 (capacity must be positive), was 0");
        // maxStep = 5m: one step covers 300 s.
        clock.advance(Duration.ofSeconds(300));
        cluster.advance();
        assertThat(cluster.totals().requestedWork()).isEqualTo(300.0 * 300);
    }

    @Test
    void relativeTracePathsResolveAgainstTheScenarioDirectory() throws IOException {
        write("vm.trace", "10\n90\n");
        write("org.attune.driver.sim.host-a.cfg", "");
        write("org.attune.driver.sim.guest-t.cfg", "host = a\nworkload = trace vm.trace mips=1000 interval=1m\n");
        SimCluster cluster = SimScenario.load(dir, clock, Duration.ofSeconds(60));
        // The engine reports the demand at the clock's time (not at the start of a step): 90 s is in the 2nd minute.
        clock.advance(Duration.ofSeconds(90));
        cluster.advance();
        assertThat(cluster.guestReading("t").demand()).isEqualTo(900);
        // At 120 s the trace starts again.
        clock.advance(Duration.ofSeconds(30));
        cluster.advance();
        assertThat(cluster.guestReading("t").demand()).isEqualTo(100);
    }

    @Test
    void aMissingDirectoryIsAnError() {
        assertThatThrownBy(() -> SimScenario.load(dir.resolve("nope"), clock)).isInstanceOf(NoSuchFileException.class);
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }
}
