package org.attune.driver.sim.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.attune.api.PowerProfile;
import org.attune.simulation.Workloads;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void aHostSpecCarriesItsPowerProfile_theDefaultBootsAndShutsDownAtIdleWatts() {
        HostSpec h = HostSpec.of("h", 2, 1000, 4096);
        assertThat(h.powerProfile().watts(0.5)).isEqualTo(105);
        assertThat(h.powerProfile().bootTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(h.powerProfile().bootWatts()).isEqualTo(70);
        assertThat(h.powerProfile().shutdownTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(h.powerProfile().shutdownWatts()).isEqualTo(70);

        PowerProfile g4 = PowerProfile.table(86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117)
                .withBoot(Duration.ofSeconds(60), 120);
        HostSpec custom = h.withPowerProfile(g4).withBootTime(Duration.ofSeconds(90))
                .withShutdownTime(Duration.ofSeconds(5));
        // The convenience setters change the durations and keep the profile's watts.
        assertThat(custom.powerProfile().bootTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(custom.powerProfile().bootWatts()).isEqualTo(120);
        assertThat(custom.powerProfile().shutdownTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(custom.powerProfile().watts(0.25)).isCloseTo(94.3, within(1e-9));
        assertThatThrownBy(() -> h.withPowerProfile(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void hostCapacityIsCpusTimesCoreMips() {
        assertThat(HostSpec.of("h", 2, 1860, 4096).capacity()).isEqualTo(3720);
        assertThatThrownBy(() -> HostSpec.of("h", 0, 1000, 4096)).hasMessageContaining("cpus must be at least 1");
        assertThatThrownBy(() -> HostSpec.of("h", 2, 0, 4096)).hasMessageContaining("coreMips must be positive");
        assertThatThrownBy(() -> HostSpec.of("h", 2, 1000, -1)).hasMessageContaining("memoryMiB must be positive");
    }

    @Test
    void guestIdentityIsDerivedDeterministicallyFromTheName() {
        GuestSpec g = GuestSpec.of("front", 1, 512, "host1", Workloads.constant(100));
        assertThat(g.uuid()).isEqualTo(UUID.nameUUIDFromBytes("attune-sim:front".getBytes(StandardCharsets.UTF_8)));
        assertThat(g.mac()).matches("52:54:00(:[0-9a-f]{2}){3}");
        assertThat(GuestSpec.of("front", 2, 1024, "host2", Workloads.constant(1)).mac()).isEqualTo(g.mac());
        assertThat(GuestSpec.of("app1", 1, 512, "host1", Workloads.constant(1)).mac()).isNotEqualTo(g.mac());
    }

    @Test
    void guestValuesAreValidated() {
        assertThatThrownBy(() -> GuestSpec.of("g", 0, 512, "h", Workloads.constant(1))).hasMessageContaining("vcpus");
        assertThatThrownBy(() -> GuestSpec.of("g", 1, 512, "", Workloads.constant(1))).hasMessageContaining("host");
        assertThatThrownBy(() -> GuestSpec.of("g", 1, 512, "h", Workloads.constant(1)).withMac("zz"))
                .hasMessageContaining("mac 'zz' is not a MAC address");
        assertThatThrownBy(() -> GuestSpec.of("g", 1, 512, "h", Workloads.constant(1)).withDirtyRate(-1))
                .hasMessageContaining("dirtyRateMiBps");
    }
}
