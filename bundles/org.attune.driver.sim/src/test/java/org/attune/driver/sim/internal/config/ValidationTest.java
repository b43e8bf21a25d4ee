package org.attune.driver.sim.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.attune.driver.sim.VirtualClock;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.workload.WorkloadParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad configurations are rejected one by one, listed in status().problems(), and the rest keeps running. */
class ValidationTest {

    private final VirtualClock clock = new VirtualClock();
    private final SimCluster cluster = new SimCluster(clock);

    @BeforeEach
    void aHealthyCluster() {
        host("good", Map.of("name", "h1", "cpus", "2", "coreMips", "1000", "memoryMiB", "4096"));
        guest("ok", Map.of("name", "ok", "host", "h1", "workload", "constant 100"));
    }

    private void host(String file, Map<String, String> props) {
        SimDefinitions.host("host config " + file, file, TypedConfig.of(HostConfiguration.class, props)).applyTo(cluster);
    }

    private void guest(String file, Map<String, String> props) {
        SimDefinitions.guest("guest config " + file, file, TypedConfig.of(GuestConfiguration.class, props),
                new WorkloadParser()).applyTo(cluster);
    }

    private static Map<String, String> guestProps(String name, String... more) {
        Map<String, String> p = new HashMap<>(Map.of("name", name, "host", "h1", "workload", "constant 10"));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    private void assertStillRunning() {
        assertThat(cluster.inventory().hosts()).extracting(Host::id).contains("h1");
        assertThat(cluster.inventory().guests()).extracting(Guest::name).contains("ok");
        clock.advance(Duration.ofSeconds(10));
        cluster.advance();
        assertThat(cluster.guestReading("ok").demand()).isEqualTo(100);
    }

    private String onlyProblem() {
        assertThat(cluster.status().problems()).hasSize(1);
        return cluster.status().problems().get(0);
    }

    @Test
    void zeroCpusIsRejected() {
        host("zero", Map.of("cpus", "0"));
        assertThat(onlyProblem()).isEqualTo("host config zero: cpus must be at least 1 (capacity must be positive), was 0");
        assertThat(cluster.inventory().hosts()).hasSize(1);
        assertStillRunning();
    }

    @Test
    void negativeCoreSpeedIsRejected() {
        host("slow", Map.of("coreMips", "-5"));
        assertThat(onlyProblem()).contains("host config slow", "coreMips must be positive");
        assertStillRunning();
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        host("typo", Map.of("cpus", "two"));
        assertThat(onlyProblem()).isEqualTo("host config typo: cpus: invalid value ('two' is not an integer)");
        assertStillRunning();
    }

    @Test
    void aBadPowerTableIsRejected() {
        host("watts", Map.of("powerTable", "1, 2, x"));
        assertThat(onlyProblem()).contains("host config watts", "powerTable: 'x' is not a number of watts");
        // The table is the API's PowerProfile, which takes any number (at least 2) of evenly spaced points.
        host("watts", Map.of("powerTable", "117"));
        assertThat(onlyProblem()).isEqualTo("host config watts: powerTable needs at least 2 comma-separated watts "
                + "(at 0 % ... 100 % CPU, evenly spaced; 11 for a SPECpower table), had 1");
    }

    @Test
    void aDuplicateHostNameIsRejected() {
        host("again", Map.of("name", "h1"));
        assertThat(onlyProblem()).isEqualTo("host config again: host name 'h1' is already used by host config good");
        assertThat(cluster.inventory().hosts()).hasSize(1);
    }

    @Test
    void anUnknownInitialHostIsRejectedUntilTheHostAppears() {
        guest("lost", guestProps("lost", "host", "h7"));
        assertThat(onlyProblem()).startsWith("guest config lost: initial host 'h7' is unknown (known hosts: h1)");
        assertThat(cluster.inventory().guests()).extracting(Guest::name).containsExactly("ok");
        assertStillRunning();

        host("h7", Map.of());
        assertThat(cluster.status().problems()).isEmpty();
        assertThat(cluster.hostOf("lost")).isEqualTo("h7");
    }

    @Test
    void aDuplicateGuestNameIsRejectedUntilTheFirstGoes() {
        guest("twin", guestProps("ok"));
        assertThat(onlyProblem()).isEqualTo("guest config twin: guest name 'ok' is already used by guest config ok");
        assertThat(cluster.inventory().guests()).hasSize(1);

        cluster.remove("guest config ok");
        assertThat(cluster.status().problems()).isEmpty();
        assertThat(cluster.inventory().guests()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        cluster.advance();
        assertThat(cluster.guestReading("ok").demand()).isEqualTo(10);
    }

    @Test
    void aGuestWithMoreMemoryThanEveryHostIsRejected() {
        guest("huge", guestProps("huge", "memoryMiB", "8192"));
        assertThat(onlyProblem()).isEqualTo("guest config huge: guest 'huge' (1 vCPUs, 8192 MiB) is larger than every host"
                + " (at most 2 cpus, 4096 MiB)");
        assertStillRunning();
    }

    @Test
    void aGuestWithMoreVcpusThanEveryHostIsRejected() {
        guest("wide", guestProps("wide", "vcpus", "8"));
        assertThat(onlyProblem()).contains("guest config wide", "(8 vCPUs, 512 MiB) is larger than every host");
        assertStillRunning();
    }

    @Test
    void aGuestWaitsForRoomOnItsInitialHostAndStartsWhenAMigrationFreesIt() throws Exception {
        host("second", Map.of("name", "h2"));
        guest("fat", guestProps("fat", "memoryMiB", "3800"));
        assertThat(onlyProblem()).isEqualTo("guest config fat: guest 'fat' (3800 MiB) does not fit the memory free on "
                + "its initial host h1 (3584 of 4096 MiB free); the guest waits for room");
        assertThat(cluster.inventory().guests()).extracting(Guest::name).containsExactly("ok");

        cluster.migrate("ok", "h2", org.attune.api.driver.MigrationOptions.live());
        clock.advance(Duration.ofSeconds(10));
        cluster.advance();
        assertThat(cluster.status().problems()).isEmpty();
        assertThat(cluster.hostOf("ok")).isEqualTo("h2");
        assertThat(cluster.hostOf("fat")).isEqualTo("h1");
    }

    @Test
    void aGuestTooLargeForItsInitialHostIsRejected() {
        host("big", Map.of("name", "big", "cpus", "16", "memoryMiB", "65536"));
        guest("wide", guestProps("wide", "vcpus", "8"));
        assertThat(onlyProblem()).contains("guest config wide", "does not fit its initial host h1");
    }

    @Test
    void anUnparsableWorkloadIsRejected() {
        guest("bad", guestProps("bad", "workload", "sine mean=400 amp=300 period=600s"));
        assertThat(onlyProblem()).isEqualTo("guest config bad: workload 'sine mean=400 amp=300 period=600s': "
                + "unknown option 'amp=300' for sine (expected mean=, amplitude=, period=)");
        assertStillRunning();
    }

    @Test
    void aMissingTraceFileIsRejected() {
        guest("trace", guestProps("trace", "workload", "trace /nowhere/vm1 mips=2500"));
        assertThat(onlyProblem()).contains("guest config trace", "trace file not found: /nowhere/vm1");
        assertStillRunning();
    }

    @Test
    void badIdentityValuesAreRejected() {
        guest("id", guestProps("id", "uuid", "not-a-uuid"));
        assertThat(onlyProblem()).contains("guest config id: uuid 'not-a-uuid' is not a UUID");
        guest("id", guestProps("id", "mac", "52:54"));
        assertThat(onlyProblem()).contains("guest config id: mac '52:54' is not a MAC address");
        guest("id", guestProps("id", "labels", "env"));
        assertThat(onlyProblem()).contains("guest config id: labels: 'env' is not a key=value pair");
        guest("id", guestProps("id", "uuid", "0b8cd5e4-6f3a-3d1c-9a59-1d0b2f5f6c01", "mac", "52:54:00:AA:bb:01",
                "labels", "env=demo, owner=lab"));
        assertThat(cluster.status().problems()).isEmpty();
        Guest g = cluster.inventory().guests().stream().filter(x -> x.name().equals("id")).findFirst().orElseThrow();
        assertThat(g.id()).isEqualTo("0b8cd5e4-6f3a-3d1c-9a59-1d0b2f5f6c01");
        assertThat(g.mac()).isEqualTo("52:54:00:aa:bb:01");
        assertThat(g.labels()).containsEntry("env", "demo").containsEntry("owner", "lab");
    }

    @Test
    void aDuplicateMacIsRejected() {
        guest("clone", guestProps("clone", "mac", cluster.inventory().guests().get(0).mac()));
        assertThat(onlyProblem()).contains("guest config clone: mac", "is already used by guest 'ok'");
    }

    @Test
    void removingAHostSendsItsGuestsBackToWaitingAndReAddingItRestoresThem() {
        cluster.remove("host config good");
        assertThat(cluster.inventory().guests()).isEmpty();
        assertThat(onlyProblem()).contains("guest config ok: initial host 'h1' is unknown");
        host("good", Map.of("name", "h1"));
        assertThat(cluster.status().problems()).isEmpty();
        assertThat(cluster.hostOf("ok")).isEqualTo("h1");
    }

    @Test
    void fixingAConfigurationClearsItsProblem() {
        host("fixme", Map.of("name", "h2", "cpus", "0"));
        assertThat(cluster.status().problems()).hasSize(1);
        host("fixme", Map.of("name", "h2", "cpus", "4"));
        assertThat(cluster.status().problems()).isEmpty();
        assertThat(cluster.inventory().hosts()).extracting(Host::id).containsExactly("h1", "h2");
    }

    @Test
    void aValidHostTurnedInvalidIsRemoved() {
        host("good", Map.of("name", "h1", "memoryMiB", "-1"));
        assertThat(cluster.inventory().hosts()).isEmpty();
        assertThat(cluster.status().problems()).anyMatch(p -> p.startsWith("host config good: memoryMiB must be positive"))
                .anyMatch(p -> p.startsWith("guest config ok: initial host 'h1' is unknown"));
    }

    @Test
    void badDriverSettingsFallBackToDefaultsWithProblems() {
        java.util.List<String> problems = new java.util.ArrayList<>();
        DriverSettings s = SimDefinitions.driver(TypedConfig.of(SimDriverConfiguration.class,
                Map.of("speedup", "-2", "tickMillis", "fast", "clock", "sundial", "maxStep", "0s")), problems);
        assertThat(s.speedup()).isEqualTo(1);
        assertThat(s.tick()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.clock()).isEqualTo(DriverSettings.Clock.SCALED);
        assertThat(s.maxStep()).isEqualTo(Duration.ofSeconds(1));
        assertThat(problems).hasSize(4).anyMatch(p -> p.contains("clock 'sundial' is neither scaled nor virtual"))
                .anyMatch(p -> p.contains("tickMillis: invalid value ('fast' is not an integer)"));

        problems.clear();
        s = SimDefinitions.driver(TypedConfig.of(SimDriverConfiguration.class,
                Map.of("id", "lab", "speedup", "4", "tickMillis", "100", "clock", "virtual", "maxStep", "500ms")), problems);
        assertThat(problems).isEmpty();
        assertThat(s).isEqualTo(new DriverSettings("lab", 4, Duration.ofMillis(100), DriverSettings.Clock.VIRTUAL,
                Duration.ofMillis(500)));
    }
}
