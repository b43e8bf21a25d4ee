package org.attune.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;
import org.attune.api.power.PowerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported API alone, as code outside the bundle uses it (no {@code .internal} import): a cluster built in code
 * and one loaded from a scenario directory, driven on a virtual clock.
 */
class StandaloneSimClusterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final VirtualClock clock = new VirtualClock(T0);

    @TempDir
    Path dir;

    private StandaloneSimCluster twoHosts() {
        return StandaloneSimCluster.builder().clock(clock)
                .host("h1", "cpus = 2", "coreMips = 1000", "memoryMiB = 4096")
                .host("h2", "cpus = 2", "coreMips = 1000", "bootTime = 60s", "poweredOn = false")
                .guest("web", "host = h1", "workload = constant 600", "traffic = db:3M, nobody:1k")
                .guest("db", "host = h1", "vcpus = 2", "memoryMiB = 1024", "workload = constant 1800")
                .build();
    }

    private static double value(List<Sample> samples, Subject subject, String metric) {
        return samples.stream().filter(s -> s.subject().equals(subject) && s.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " of " + subject + " in " + samples)).value();
    }

    @Test
    void aClusterBuiltInCodeHasTheHostsAndGuestsItsKeysSay_andTheDriversDefaultsForTheRest() {
        StandaloneSimCluster sim = twoHosts();
        assertThat(sim.id()).isEqualTo("sim");
        assertThat(sim.problems()).isEmpty();
        assertThat(sim.driver().inventory().hosts()).extracting(Host::id, Host::cpuCapacity, Host::power)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h1", 2000.0, PowerState.ON),
                        org.assertj.core.groups.Tuple.tuple("h2", 2000.0, PowerState.OFF));
        assertThat(sim.driver().inventory().hosts().get(1).powerProfile()).isEqualTo(PowerProfile.linear(70, 140)
                .withBoot(Duration.ofSeconds(60), 70).withShutdown(Duration.ofSeconds(10), 70));
        assertThat(sim.driver().inventory().guests()).extracting(Guest::name, Guest::vcpus, Guest::memoryMiB)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", 1, 512L),
                        org.assertj.core.groups.Tuple.tuple("db", 2, 1024L));
        assertThat(sim.hostOf("web")).isEqualTo("h1");
        assertThat(sim.start()).isEqualTo(T0);
    }

    @Test
    void simulatedTimeMovesWithTheClock_andTheProbesReadingsAndTotalsFollowIt() {
        StandaloneSimCluster sim = twoHosts();
        clock.advance(Duration.ofSeconds(10));
        sim.advance();
        assertThat(sim.now()).isEqualTo(T0.plusSeconds(10));

        // h1 is asked 600 + 1800 = 2400 MIPS of its 2000: overloaded, 400 MIPS short for 10 s.
        HostReading h1 = sim.host("h1");
        assertThat(h1.demandShare()).isCloseTo(1.2, within(1e-9));
        assertThat(h1.utilization()).isCloseTo(1.0, within(1e-9));
        assertThat(sim.totals().lostWork()).isCloseTo(4000, within(1e-6));
        assertThat(sim.totals().overloadedHostSeconds()).isCloseTo(10, within(1e-9));
        assertThat(sim.totals().energyJoules()).as("h1 at 140 W, h2 off").isCloseTo(1400, within(1e-6));
        assertThat(sim.guest("db").demand()).isEqualTo(1800);
        assertThat(sim.readings().hosts()).extracting(HostReading::hostId).containsExactly("h1", "h2");

        assertThat(sim.probes()).containsExactly(sim.probe(), sim.trafficProbe());
        assertThat(sim.probe().name()).isEqualTo("sim");
        List<Sample> cpu = sim.probe().sample(sim.now());
        assertThat(value(cpu, Subject.host("h1"), Metrics.CPU_DEMAND)).isCloseTo(1.2, within(1e-9));
        assertThat(value(cpu, Subject.host("h2"), Metrics.POWER_WATTS)).isZero();

        String web = sim.guest("web").guestId();
        String db = sim.guest("db").guestId();
        assertThat(sim.trafficProbe().name()).isEqualTo("sim-traffic");
        assertThat(sim.trafficProbe().sample(sim.now())).as("only peers that exist").singleElement()
                .satisfies(s -> {
                    assertThat(s.subject()).isEqualTo(Subject.guest(web));
                    assertThat(s.metric()).isEqualTo(Metrics.traffic(db));
                    assertThat(s.value()).isEqualTo(3e6);
                });

        sim.advanceTo(T0.plusSeconds(5));
        assertThat(sim.now()).as("time never goes back").isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void thePowerControllerBootsAHostForItsBootTime_thenAMigrationToItEndsInSimulatedTime() throws Exception {
        StandaloneSimCluster sim = twoHosts();
        assertThat(sim.powerController().controls("h2")).isTrue();
        sim.powerController().powerOn("h2");
        assertThat(sim.powerController().state("h2")).contains(PowerState.BOOTING);
        clock.advance(Duration.ofSeconds(59));
        sim.advance();
        assertThat(sim.host("h2").power()).isEqualTo(PowerState.BOOTING);
        clock.advance(Duration.ofSeconds(1));
        sim.advance();
        assertThat(sim.host("h2").power()).isEqualTo(PowerState.ON);

        CompletableFuture<MigrationResult> result = sim.driver().migrate("web", "h2", MigrationOptions.live()).result()
                .toCompletableFuture();
        assertThat(sim.hostOf("web")).as("on its source while it migrates").isEqualTo("h1");
        // 512 MiB at 125 MiB/s, dirty rate 0: 4.096 s of simulated time.
        clock.advance(Duration.ofSeconds(4));
        sim.advance();
        assertThat(result).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        sim.advance();
        assertThat(result.get(0, TimeUnit.SECONDS).outcome()).isEqualTo(MigrationResult.Outcome.SUCCEEDED);
        assertThat(sim.hostOf("web")).isEqualTo("h2");
        assertThat(sim.totals().migrationsSucceeded()).isEqualTo(1);

        assertThatThrownBy(() -> sim.powerController().powerOff("h2")).isInstanceOf(PowerException.class);
    }

    @Test
    void aBadValueInCodeIsRefusedAtOnceNamingTheKey_aGuestWithoutItsHostWaitsAsAProblem() {
        assertThatThrownBy(() -> StandaloneSimCluster.builder().host("h1", "cpus = two"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpus");
        assertThatThrownBy(() -> StandaloneSimCluster.builder().guest("g", "host = h1", "workload = sine mean=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workload 'sine mean=1'");
        assertThatThrownBy(() -> StandaloneSimCluster.builder().guest("g", "host = h1", "traffic = db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traffic entry 'db'");
        assertThatThrownBy(() -> StandaloneSimCluster.builder().host("h1").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("clock");

        StandaloneSimCluster sim = StandaloneSimCluster.builder().clock(clock).id("lab").host("h1")
                .guest("lost", "host = nowhere").build();
        assertThat(sim.driver().inventory().guests()).isEmpty();
        assertThat(sim.problems()).singleElement().asString().contains("initial host 'nowhere' is unknown");
        assertThat(sim.driver().inventory().hosts()).singleElement()
                .satisfies(h -> assertThat(h.driverId()).isEqualTo("lab"));
    }

    @Test
    void aScenarioDirectoryIsLoadedAsKarafWouldRunIt_badFilesBecomeProblems() throws IOException {
        StandaloneSimCluster shipped = StandaloneSimCluster.load(Path.of("src/main/cfg"), clock);
        assertThat(shipped.problems()).isEmpty();
        assertThat(shipped.driver().inventory().hosts()).extracting(Host::id).containsExactly("host1", "host2", "host3");
        assertThat(shipped.driver().inventory().placement().values()).containsOnly("host1").hasSize(3);

        Files.writeString(dir.resolve("org.attune.driver.sim.host-a.cfg"), "cpus = 1\n");
        Files.writeString(dir.resolve("org.attune.driver.sim.host-b.cfg"), "cpus = -1\n");
        Files.writeString(dir.resolve("org.attune.driver.sim.guest-x.cfg"), "host = a\ntraffic = y:2k\n");
        Files.writeString(dir.resolve("org.attune.driver.sim.guest-y.cfg"), "host = a\n");
        StandaloneSimCluster sim = StandaloneSimCluster.load(dir, clock);
        assertThat(sim.driver().inventory().hosts()).extracting(Host::id).containsExactly("a");
        assertThat(sim.problems()).singleElement().asString()
                .startsWith("host config org.attune.driver.sim.host-b.cfg: cpus must be at least 1");
        assertThat(sim.trafficProbe().sample(sim.now())).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(2000));
        assertThatThrownBy(() -> StandaloneSimCluster.load(dir.resolve("missing"), clock))
                .isInstanceOf(IOException.class);
    }
}
