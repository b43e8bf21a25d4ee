package org.attune.driver.libvirt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.attune.driver.libvirt.internal.TestNodes.DEFAULT_GUEST_UUID;
import static org.attune.driver.libvirt.internal.TestNodes.DEFAULT_URI;
import static org.attune.driver.libvirt.internal.TestNodes.domain;
import static org.attune.driver.libvirt.internal.TestNodes.host;
import static org.attune.driver.libvirt.internal.TestNodes.node;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.driver.libvirt.HostSettings;
import org.attune.driver.libvirt.internal.config.HostDefinition;
import org.attune.testing.SystemTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cpu probe against libvirt's test driver, whose domains report the wall clock as their CPU time: each running
 * domain uses exactly one core, whatever its vCPU count.
 *
 * <p>Needs libvirt installed: libvirt-java opens the test driver (test:///) through the native library.
 */
@SystemTest
class LibvirtCpuProbeTest {

    private static final String WEB = "33333333-0000-0000-0000-000000000001";
    private static final String IDLE = "33333333-0000-0000-0000-000000000002";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private LibvirtRuntime runtime;
    private LibvirtDriver driver;
    private LibvirtCpuProbe probe;

    @BeforeEach
    void start() {
        runtime = LibvirtRuntime.acquire();
        driver = new LibvirtDriver(runtime);
        probe = new LibvirtCpuProbe(driver);
    }

    @AfterEach
    void stop() throws Exception {
        driver.close().get(10, TimeUnit.SECONDS);
        LibvirtRuntime.release(runtime);
    }

    private Optional<Double> value(Subject subject, String metric) {
        return probe.sample(NOW).stream().filter(s -> s.subject().equals(subject) && s.metric().equals(metric))
                .map(Sample::value).findFirst();
    }

    @Test
    void nameAndMetrics() {
        assertThat(probe.name()).isEqualTo("cpu");
        assertThat(LibvirtCpuProbe.METRICS).containsExactly(Metrics.CPU_UTILIZATION, Metrics.CPU_DEMAND);
    }

    @Test
    void guestAndHostCpuFromTheCountersOfTheTestDriver() {
        driver.bind(host("alpha", DEFAULT_URI));
        Subject guest = Subject.guest(DEFAULT_GUEST_UUID);
        Subject host = Subject.host("alpha");
        // Two polls one second apart give the first rate.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            // One core busy of the guest's 2 vCPUs ...
            assertThat(value(guest, Metrics.CPU_UTILIZATION)).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.5, within(0.05)));
            // ... is 1 core x 1400 MHz of demand ...
            assertThat(value(guest, Metrics.CPU_DEMAND)).hasValueSatisfying(v -> assertThat(v).isCloseTo(1400, within(140.0)));
            // ... and 1 of the host's 16 cores.
            assertThat(value(host, Metrics.CPU_UTILIZATION)).hasValueSatisfying(v -> assertThat(v).isCloseTo(1 / 16.0, within(0.01)));
            assertThat(value(host, Metrics.CPU_DEMAND)).hasValueSatisfying(v -> assertThat(v).isCloseTo(1 / 16.0, within(0.01)));
        });
        assertThat(probe.sample(NOW)).allSatisfy(s -> {
            assertThat(s.timestamp()).isEqualTo(NOW);
            assertThat(s.value()).isNotNegative();
        });
    }

    @Test
    void demandUsesTheConfiguredMipsPerCore() {
        driver.bind(HostDefinition.valid("s", TestNodes.fast(HostSettings.of("alpha", DEFAULT_URI)
                .withCpuMipsPerCore(1000))));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                value(Subject.guest(DEFAULT_GUEST_UUID), Metrics.CPU_DEMAND))
                .hasValueSatisfying(v -> assertThat(v).isCloseTo(1000, within(100.0))));
    }

    @Test
    void stoppedGuestsAndOfflineHostsAreLeftOutAndARestartStartsANewBaseline() throws Exception {
        driver.bind(host("beta", node(dir, "beta", 4, 2000, 4096, domain("web", WEB, 4, 128, null, true),
                domain("idle", IDLE, 1, 128, null, false))));
        driver.bind(host("ghost", "qemu+unix:///system?socket=" + dir.resolve("none")));
        Subject web = Subject.guest(WEB);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(value(web, Metrics.CPU_UTILIZATION))
                .hasValueSatisfying(v -> assertThat(v).isCloseTo(0.25, within(0.03))));
        List<Sample> samples = probe.sample(NOW);
        assertThat(samples).noneMatch(s -> s.subject().equals(Subject.guest(IDLE)));
        assertThat(samples).noneMatch(s -> s.subject().equals(Subject.host("ghost")));
        assertThat(value(Subject.host("beta"), Metrics.CPU_DEMAND)).hasValueSatisfying(
                v -> assertThat(v).isCloseTo(0.25, within(0.03)));

        // A restarted guest is a new process: its counter is never compared with the old one.
        driver.stopGuest(WEB);
        assertThat(value(web, Metrics.CPU_UTILIZATION)).isEmpty();
        assertThat(value(Subject.host("beta"), Metrics.CPU_UTILIZATION)).as("an idle host uses nothing").contains(0.0);
        driver.startGuest(WEB);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(value(web, Metrics.CPU_UTILIZATION))
                .hasValueSatisfying(v -> assertThat(v).isCloseTo(0.25, within(0.03))));
    }
}
