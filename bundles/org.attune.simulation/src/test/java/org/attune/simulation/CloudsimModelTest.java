package org.attune.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.attune.api.PowerProfile;
import org.attune.simulation.SimulationEngine.MigrationEnd;
import org.junit.jupiter.api.Test;

/** CloudSim 3.0.3's model: floored proportional allocation, 90 % / 10 % while migrating, trapezoid energy. */
class CloudsimModelTest {

    private final SimulationEngine engine = new SimulationEngine(EngineSettings.cloudsim());

    private int host(String id, int cpus, double coreMips, double bandwidth) {
        return engine.addHost(new SimulatedHost(id, cpus, coreMips, 8192, bandwidth, PowerProfile.linear(100, 200), true));
    }

    @Test
    void anOverSubscribedHostScalesAndFloorsEveryAllocation() {
        int h = host("h", 1, 1000, 100);
        int a = engine.addGuest(SimulatedGuest.of("a", 1, 512, 0, Workloads.constant(700)), h);
        int b = engine.addGuest(SimulatedGuest.of("b", 1, 512, 0, Workloads.constant(600)), h);
        engine.advanceTo(10);
        // 1300 asked of 1000: floor(700 x 1000/1300) = 538 and floor(600 x 1000/1300) = 461.
        assertThat(engine.allocated(a)).isEqualTo(538);
        assertThat(engine.allocated(b)).isEqualTo(461);
        assertThat(engine.utilization(h)).isCloseTo(0.999, within(1e-12));
        assertThat(engine.demandShare(h)).isCloseTo(1.3, within(1e-12));
        assertThat(engine.lostWork(h)).isCloseTo((1300 - 999) * 10, within(1e-6));
        assertThat(engine.overloadedSeconds(h)).isCloseTo(10, within(1e-9));
    }

    @Test
    void aMigratingGuestGetsNinetyPercentAndItsTargetCarriesTenPercentForMemoryOverBandwidth() {
        int src = host("src", 2, 1000, 100);
        int dst = host("dst", 2, 1000, 100);
        int g = engine.addGuest(SimulatedGuest.of("g", 1, 1000, 0, Workloads.constant(800)), src);
        List<MigrationEnd> ends = new ArrayList<>();
        engine.setListener(ends::add);
        engine.migrate(g, dst, MigrationRequest.LIVE);

        engine.advanceTo(5);
        assertThat(engine.allocated(g)).isCloseTo(720, within(1e-9));
        // The source counts the guest's whole share, the target 10 % of its demand but all of it as requested.
        assertThat(engine.utilization(src)).isCloseTo(0.4, within(1e-12));
        assertThat(engine.utilization(dst)).isCloseTo(0.04, within(1e-12));
        assertThat(engine.demandShare(dst)).isCloseTo(0.4, within(1e-12));

        engine.advanceTo(20);
        // 1000 MiB over the source's 100 MiB/s, no rounds, no downtime.
        assertThat(ends).singleElement().satisfies(e -> {
            assertThat(e.elapsedSeconds()).isCloseTo(10, within(1e-9));
            assertThat(e.downtimeSeconds()).isZero();
        });
        assertThat(engine.hostOf(g)).isEqualTo(dst);
        // 10 s at 800 MIPS of which 80 were lost.
        assertThat(engine.guestMigrationLostWork(g)).isCloseTo(80 * 10, within(1e-6));
        assertThat(engine.totals().pdm()).isCloseTo(800.0 / (800 * 20), within(1e-12));
    }

    @Test
    void energyIsTheTrapezoidBetweenAccountingInstantsOnActiveHostsOnly() {
        int a = host("a", 1, 2000, 100);
        int b = host("b", 1, 2000, 100);
        int c = host("c", 1, 2000, 100);
        engine.addGuest(SimulatedGuest.of("ga", 1, 512, 0,
                Workloads.trace(new double[] {500, 1500}, 300, 0, false, "ga")), a);
        engine.addGuest(SimulatedGuest.of("gb", 1, 512, 0,
                Workloads.trace(new double[] {0, 1000}, 300, 0, false, "gb")), b);
        engine.advanceTo(600);
        // a: 25 % (125 W) then 75 % (175 W) from 300 s; the change at 300 s is accounted as a trapezoid:
        // 300 x (125 + 175) / 2, then 300 x 175 once nothing changes any more.
        assertThat(engine.energyJoules(a)).isCloseTo(300 * (125 + 175) / 2.0 + 300 * 175, within(1e-6));
        // b is at 0 % until 300 s: off, and the trapezoid at 300 s counts only hosts active before it.
        assertThat(engine.energyJoules(b)).isCloseTo(300 * 150, within(1e-6));
        // c never runs anything: it draws nothing.
        assertThat(engine.energyJoules(c)).isZero();
        assertThat(engine.totals().energyJoules()).isCloseTo(97_500 + 45_000, within(1e-6));
        assertThat(engine.hostsDrawingPower()).isEqualTo(2);
        assertThat(engine.totalWatts()).isCloseTo(175 + 150, within(1e-9));
    }
}
