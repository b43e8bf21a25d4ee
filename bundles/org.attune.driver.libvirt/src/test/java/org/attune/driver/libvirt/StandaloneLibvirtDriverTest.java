package org.attune.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.attune.api.Availability;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.PowerProfile;
import org.attune.api.Subject;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.MigrationOptions;
import org.attune.testing.SystemTest;
import org.junit.jupiter.api.Test;

/**
 * The exported API alone, as code outside the bundle uses it (no {@code .internal} import): open a driver on
 * libvirt's test driver, see its host and guest, sample its cpu probe, close it.
 */
@SystemTest
class StandaloneLibvirtDriverTest {

    private static final String TEST_GUEST = "6695eb01-f6a4-8304-79aa-97f2502e193f";
    private static final PowerProfile POWER = PowerProfile.linear(60, 120).withBoot(Duration.ofSeconds(90), 80);

    private static HostSettings host(String name) {
        return HostSettings.of(name, "test:///default").withPollInterval(Duration.ofSeconds(1))
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    @Test
    void runsTheHostsGivenReportsThemAndStopsOnClose() throws Exception {
        StandaloneLibvirtDriver driver = StandaloneLibvirtDriver.open(List.of(host("alpha").withCpuMipsPerCore(500)
                .withPowerProfile(POWER)));
        try {
            assertThat(driver.id()).isEqualTo("libvirt");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(driver.inventory().hosts()).singleElement()
                        .satisfies(h -> assertThat(h.availability()).isEqualTo(Availability.ONLINE));
                assertThat(driver.inventory().placement()).containsEntry(TEST_GUEST, "alpha");
            });
            Host alpha = driver.inventory().hosts().get(0);
            assertThat(alpha.id()).isEqualTo("alpha");
            assertThat(alpha.cpuCapacity()).isEqualTo(alpha.cpus() * 500.0);
            assertThat(alpha.powerProfile()).isEqualTo(POWER);
            assertThat(driver.status().availability()).isEqualTo(Availability.ONLINE);

            assertThat(driver.cpuProbe()).isSameAs(driver.cpuProbe());
            assertThat(driver.cpuProbe().name()).isEqualTo("cpu");
            // The test driver's guest is always busy: a rate after two polls.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(driver.cpuProbe()
                    .sample(Instant.now())).anySatisfy(s -> {
                        assertThat(s.subject()).isEqualTo(Subject.guest(TEST_GUEST));
                        assertThat(s.metric()).isEqualTo(Metrics.CPU_UTILIZATION);
                    }));
            assertThatThrownBy(() -> driver.migrate(TEST_GUEST, "nowhere", MigrationOptions.live()))
                    .isInstanceOf(DriverException.class).hasMessageContaining("unknown host nowhere");
        } finally {
            driver.close();
        }
        assertThat(driver.inventory().hosts()).isEmpty();
        assertThat(driver.cpuProbe().sample(Instant.now())).isEmpty();
        assertThatThrownBy(() -> driver.startGuest(TEST_GUEST)).isInstanceOf(DriverException.class)
                .hasMessageContaining("stopped");
        driver.close(); // idempotent
    }

    @Test
    void twoHostsOfOneNameAreRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> StandaloneLibvirtDriver.open(List.of(host("alpha"), host("alpha"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'alpha' is given twice");
        assertThatThrownBy(() -> StandaloneLibvirtDriver.open(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anEmptyDriverSaysSo() {
        try (StandaloneLibvirtDriver driver = StandaloneLibvirtDriver.open(List.of())) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(driver.status().detail()).contains("no libvirt hosts configured"));
            assertThat(driver.inventory().hosts()).isEmpty();
        }
    }
}
