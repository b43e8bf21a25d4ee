package org.attune.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.junit.jupiter.api.Test;

/** Power states: OFF draws nothing, BOOTING and SHUTTING_DOWN draw their profile's watts for their durations. */
class PowerStatesTest {

    private static final PowerProfile PROFILE = PowerProfile.linear(70, 140)
            .withBoot(Duration.ofSeconds(30), 150).withShutdown(Duration.ofSeconds(10), 90);

    private final SimulationEngine engine = new SimulationEngine(EngineSettings.physical());
    private final List<String> changes = new ArrayList<>();

    private int host(String id, boolean on) {
        return engine.addHost(new SimulatedHost(id, 2, 1000, 4096, 125, PROFILE, on));
    }

    @Test
    void aHostBootsAtItsBootWattsThenRunsOnItsCurveThenShutsDownAtItsShutdownWatts() {
        engine.setListener(new SimulationEngine.Listener() {
            @Override
            public void migrationEnded(SimulationEngine.MigrationEnd end) {
            }

            @Override
            public void powerChanged(int host, PowerState state) {
                changes.add(engine.now() + " " + state);
            }
        });
        int h = host("h", false);
        engine.advanceTo(100);
        assertThat(engine.power(h)).isEqualTo(PowerState.OFF);
        assertThat(engine.watts(h)).isZero();
        assertThat(engine.energyJoules(h)).isZero();
        assertThat(engine.hostsDrawingPower()).isZero();

        engine.powerOn(h);
        assertThat(engine.power(h)).isEqualTo(PowerState.BOOTING);
        assertThat(engine.nextEventTime()).isEqualTo(130);
        engine.advanceTo(110);
        assertThat(engine.watts(h)).isEqualTo(150);
        assertThat(engine.hostsDrawingPower()).isEqualTo(1);
        // Guests start on a host that is ON only.
        assertThatThrownBy(() -> engine.addGuest(SimulatedGuest.of("g", 1, 512, 0, Workloads.constant(1000)), h))
                .hasMessageContaining("host h is BOOTING");
        engine.advanceTo(130);
        assertThat(engine.power(h)).isEqualTo(PowerState.ON);
        assertThat(changes).containsExactly("130.0 ON");
        assertThat(engine.energyJoules(h)).isCloseTo(30 * 150, within(1e-6));

        int g = engine.addGuest(SimulatedGuest.of("g", 1, 512, 0, Workloads.constant(1000)), h);
        engine.advanceTo(150);
        // 1000 of 2000 MIPS: 105 W for 20 s.
        assertThat(engine.energyJoules(h)).isCloseTo(30 * 150 + 20 * 105, within(1e-6));
        assertThatThrownBy(() -> engine.powerOff(h)).isInstanceOf(SimulationException.class)
                .hasMessageContaining("host h still has guests (g)");
        engine.removeGuest(g);

        engine.powerOff(h);
        assertThat(engine.power(h)).isEqualTo(PowerState.SHUTTING_DOWN);
        assertThatThrownBy(() -> engine.powerOn(h)).hasMessageContaining("host h is shutting down");
        engine.advanceTo(155);
        assertThat(engine.watts(h)).isEqualTo(90);
        engine.advanceTo(200);
        assertThat(engine.power(h)).isEqualTo(PowerState.OFF);
        assertThat(changes).containsExactly("130.0 ON", "160.0 OFF");
        assertThat(engine.energyJoules(h)).isCloseTo(30 * 150 + 20 * 105 + 10 * 90, within(1e-6));
        EngineTotals t = engine.totals();
        assertThat(t.energyJoules()).isCloseTo(30 * 150 + 20 * 105 + 10 * 90, within(1e-6));
        assertThat(t.boots()).isEqualTo(1);
        assertThat(t.shutdowns()).isEqualTo(1);
        // Active for SLA purposes only while ON with guests.
        assertThat(t.activeHostSeconds()).isCloseTo(20, within(1e-9));
    }

    @Test
    void instantTransitionsHappenAtOnceAndRepeatedRequestsAreHarmless() {
        int h = engine.addHost(new SimulatedHost("h", 2, 1000, 4096, 125, PowerProfile.linear(70, 140), true));
        engine.powerOff(h);
        assertThat(engine.power(h)).isEqualTo(PowerState.OFF);
        engine.powerOff(h);
        engine.powerOn(h);
        assertThat(engine.power(h)).isEqualTo(PowerState.ON);
        engine.powerOn(h);
        engine.advanceTo(10);
        assertThat(engine.energyJoules(h)).isCloseTo(10 * 70, within(1e-6));
        assertThat(engine.totals().boots()).isEqualTo(1);
        assertThat(engine.totals().shutdowns()).isEqualTo(1);
    }

    @Test
    void resetTotalsStartsTheClusterFiguresAfreshButKeepsThePerHostIntegrals() {
        int h = host("h", true);
        engine.addGuest(SimulatedGuest.of("g", 2, 512, 0, Workloads.constant(2000)), h);
        engine.advanceTo(100);
        assertThat(engine.totals().energyJoules()).isCloseTo(100 * 140, within(1e-6));

        engine.resetTotals();
        EngineTotals zero = engine.totals();
        assertThat(zero.simulatedSeconds()).isZero();
        assertThat(zero.energyJoules()).isZero();
        assertThat(zero.requestedWork()).isZero();
        assertThat(zero.boots()).isZero();

        engine.advanceTo(150);
        EngineTotals t = engine.totals();
        assertThat(t.simulatedSeconds()).isCloseTo(50, within(1e-9));
        assertThat(t.energyJoules()).isCloseTo(50 * 140, within(1e-6));
        assertThat(t.requestedWork()).isCloseTo(50 * 2000, within(1e-6));
        assertThat(t.activeHostSeconds()).isCloseTo(50, within(1e-9));
        assertThat(engine.energyJoules(h)).isCloseTo(150 * 140, within(1e-6));
    }
}
