package org.attune.driver.sim.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.attune.driver.sim.HostReading;
import org.attune.driver.sim.VirtualClock;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.MigrationOptions;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.simulation.Workloads;
import org.junit.jupiter.api.Test;

class PowerTest {

    private final VirtualClock clock = new VirtualClock();
    private final SimCluster cluster = new SimCluster(clock);

    private void run(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        cluster.advance();
    }

    @Test
    void linearPowerAndEnergyFollowUtilisation() {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("g", 2, 512, "h1", Workloads.constant(1000)));
        run(100);
        HostReading h = cluster.hostReading("h1");
        assertThat(h.watts()).isCloseTo(105, within(1e-9));
        assertThat(h.energyJoules()).isCloseTo(105 * 100, within(1e-6));
        assertThat(cluster.energyJoules()).isCloseTo(105 * 100, within(1e-6));
        assertThat(cluster.totals().energyKWh()).isCloseTo(10500 / 3.6e6, within(1e-12));
    }

    @Test
    void tablePowerInterpolatesOnTheHostsUtilisation() {
        PowerProfile g4 = PowerProfile.table(86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117);
        cluster.addHost(HostSpec.of("g4", 2, 1860, 4096).withPowerProfile(g4));
        cluster.addGuest(GuestSpec.of("g", 1, 512, "g4", Workloads.constant(930)));
        run(10);
        // 930 / 3720 = 25 %: half way between 92.6 (20 %) and 96 (30 %).
        assertThat(cluster.hostReading("g4").watts()).isCloseTo(94.3, within(1e-9));
    }

    @Test
    void energyIntegratesAChangingLoad() {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("g", 2, 512, "h1", Workloads.step(0, 2000, 50)));
        run(100);
        // 50 s idle at 70 W, 50 s full at 140 W.
        assertThat(cluster.energyJoules()).isCloseTo(50 * 70 + 50 * 140, within(1e-6));
    }

    @Test
    void anOffHostDrawsNothingAndBootsAtIdlePower() throws DriverException {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096).withPoweredOn(false).withBootTime(Duration.ofSeconds(30)));
        run(100);
        assertThat(cluster.hostReading("h1").watts()).isZero();
        assertThat(cluster.energyJoules()).isZero();
        assertThat(cluster.inventory().hosts().get(0).power()).isEqualTo(PowerState.OFF);

        cluster.powerOn("h1");
        assertThat(cluster.inventory().hosts().get(0).power()).isEqualTo(PowerState.BOOTING);
        run(10);
        assertThat(cluster.hostReading("h1").watts()).isEqualTo(70);
        run(19);
        assertThat(cluster.inventory().hosts().get(0).power()).isEqualTo(PowerState.BOOTING);
        run(1);
        assertThat(cluster.inventory().hosts().get(0).power()).isEqualTo(PowerState.ON);
        assertThat(cluster.energyJoules()).isCloseTo(30 * 70, within(1e-6));
        // Active host-seconds are the SLA denominator, ON with guests (the engine's model): booting does not count.
        assertThat(cluster.totals().activeHostSeconds()).isZero();
    }

    @Test
    void aBootingHostDrawsItsBootWattsAndAShuttingDownHostItsShutdownWatts() throws DriverException {
        PowerProfile profile = PowerProfile.linear(70, 140).withBoot(Duration.ofSeconds(30), 150)
                .withShutdown(Duration.ofSeconds(10), 90);
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096).withPowerProfile(profile).withPoweredOn(false));
        cluster.powerOn("h1");
        run(10);
        assertThat(cluster.hostReading("h1").power()).isEqualTo(PowerState.BOOTING);
        assertThat(cluster.hostReading("h1").watts()).isEqualTo(150);
        run(20);
        assertThat(cluster.hostReading("h1").power()).isEqualTo(PowerState.ON);
        assertThat(cluster.energyJoules()).isCloseTo(30 * 150, within(1e-6));
        run(10);
        cluster.powerOff("h1");
        run(5);
        assertThat(cluster.hostReading("h1").watts()).isEqualTo(90);
        run(5);
        assertThat(cluster.hostReading("h1").power()).isEqualTo(PowerState.OFF);
        // 30 s booting at 150 W, 10 s idle at 70 W, 10 s shutting down at 90 W.
        assertThat(cluster.energyJoules()).isCloseTo(30 * 150 + 10 * 70 + 10 * 90, within(1e-6));
    }

    @Test
    void anEmptyHostShutsDownThenIsOff() throws DriverException {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096).withShutdownTime(Duration.ofSeconds(10)));
        cluster.powerOff("h1");
        assertThat(cluster.inventory().hosts().get(0).power()).isEqualTo(PowerState.SHUTTING_DOWN);
        run(10);
        assertThat(cluster.inventory().hosts().get(0).power()).isEqualTo(PowerState.OFF);
        run(10);
        assertThat(cluster.energyJoules()).isCloseTo(10 * 70, within(1e-6));
        assertThat(cluster.supportsPowerControl("h1")).isTrue();
        assertThat(cluster.supportsPowerControl("nope")).isFalse();
    }

    @Test
    void powerOffIsRefusedWhileGuestsAreOnTheHostOrMigratingToIt() throws DriverException {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addHost(HostSpec.of("h2", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("g", 1, 1024, "h1", Workloads.constant(10)));
        assertThatThrownBy(() -> cluster.powerOff("h1")).isInstanceOf(DriverException.class)
                .hasMessageContaining("host h1 still has guests (g)");

        cluster.migrate("g", "h2", MigrationOptions.live());
        assertThatThrownBy(() -> cluster.powerOff("h2")).isInstanceOf(DriverException.class)
                .hasMessageContaining("host h2 is the target of a migration of g");
        assertThat(cluster.inventory().hosts()).allMatch(h -> h.power() == PowerState.ON);
    }

    @Test
    void guestsCannotMigrateToABootingHost() throws DriverException {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addHost(HostSpec.of("h2", 2, 1000, 4096).withPoweredOn(false));
        cluster.addGuest(GuestSpec.of("g", 1, 512, "h1", Workloads.constant(10)));
        cluster.powerOn("h2");
        assertThatThrownBy(() -> cluster.migrate("g", "h2", MigrationOptions.live()))
                .isInstanceOf(DriverException.class).hasMessageContaining("host h2 is BOOTING");
    }
}
