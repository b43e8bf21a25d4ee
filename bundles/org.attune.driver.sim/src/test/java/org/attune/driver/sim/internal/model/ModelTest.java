package org.attune.driver.sim.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.attune.simulation.Workloads;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void linearPowerInterpolatesBetweenIdleAndMax() {
        PowerModel p = PowerModel.linear(70, 140);
        assertThat(p.watts(0)).isEqualTo(70);
        assertThat(p.watts(0.5)).isEqualTo(105);
        assertThat(p.watts(1)).isEqualTo(140);
        assertThat(p.watts(1.7)).isEqualTo(140);
    }

    @Test
    void tablePowerInterpolatesBetweenItsElevenPoints() {
        PowerModel g4 = PowerModel.table(86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117);
        assertThat(g4.watts(0)).isEqualTo(86);
        assertThat(g4.watts(0.05)).isCloseTo(87.7, within(1e-9));
        assertThat(g4.watts(0.5)).isCloseTo(102, within(1e-9));
        assertThat(g4.watts(0.95)).isCloseTo(115.5, within(1e-9));
        assertThat(g4.watts(1)).isEqualTo(117);
        assertThat(g4.idleWatts()).isEqualTo(86);
    }

    @Test
    void badPowerModelsAreRefused() {
        assertThatThrownBy(() -> PowerModel.table(1, 2, 3)).hasMessageContaining("needs 11 values");
        assertThatThrownBy(() -> PowerModel.linear(100, 50)).hasMessageContaining("must be at least idle power");
        assertThatThrownBy(() -> PowerModel.linear(-1, 50)).hasMessageContaining("non-negative");
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
