package org.attune.driver.sim.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.attune.driver.sim.VirtualClock;
import org.attune.api.PowerState;
import org.attune.api.power.PowerException;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.simulation.Workloads;
import org.junit.jupiter.api.Test;

class SimPowerControllerTest {

    private final VirtualClock clock = new VirtualClock();
    private final SimCluster cluster = new SimCluster(clock);
    private final SimPowerController power = new SimPowerController(cluster);

    private void run(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        cluster.advance();
    }

    @Test
    void switchesSimulatedHostsThroughTheirBootAndShutdownTimes() throws Exception {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addHost(HostSpec.of("h2", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("g", 1, 512, "h1", Workloads.constant(100)));
        run(1);
        assertThat(power.controls("h2")).isTrue();
        assertThat(power.controls("nope")).isFalse();
        assertThat(power.name()).isEqualTo("sim:sim");

        power.powerOff("h2");
        run(60);
        assertThat(power.state("h2")).contains(PowerState.OFF);
        power.powerOn("h2");
        assertThat(power.state("h2")).contains(PowerState.BOOTING);
        run(60);
        assertThat(power.state("h2")).contains(PowerState.ON);

        assertThatThrownBy(() -> power.powerOff("h1")).isInstanceOf(PowerException.class)
                .hasMessageContaining("host h1 still has guests (g)");
        assertThatThrownBy(() -> power.state("nope")).isInstanceOf(PowerException.class)
                .hasMessage("simulated cluster sim has no host nope");
    }
}
