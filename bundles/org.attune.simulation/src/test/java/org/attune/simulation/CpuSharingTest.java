package org.attune.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.attune.api.PowerProfile;
import org.junit.jupiter.api.Test;

/** The physical model's CPU sharing: proportional under overload, at most one core per vCPU, lost work counted. */
class CpuSharingTest {

    private final SimulationEngine engine = new SimulationEngine(EngineSettings.physical());

    private int host(String id, int cpus) {
        return engine.addHost(new SimulatedHost(id, cpus, 1000, 8192, 125, PowerProfile.linear(70, 140), true));
    }

    private int guest(String id, int vcpus, double mips, int host) {
        return engine.addGuest(SimulatedGuest.of(id, vcpus, 512, 0, Workloads.constant(mips)), host);
    }

    @Test
    void anOverloadedHostScalesEveryGuestByCapacityOverDemand() {
        int h = host("h1", 2);
        int big = guest("big", 2, 1500, h);
        int small = guest("small", 2, 1000, h);

        engine.advanceTo(10);

        // 2500 asked of 2000: each guest gets 2000/2500 of what it asks.
        assertThat(engine.demandShare(h)).isCloseTo(1.25, within(1e-12));
        assertThat(engine.utilization(h)).isEqualTo(1.0);
        assertThat(engine.allocated(big)).isCloseTo(1200, within(1e-9));
        assertThat(engine.allocated(small)).isCloseTo(800, within(1e-9));
        assertThat(engine.lostWork(h)).isCloseTo(500 * 10, within(1e-6));
        assertThat(engine.guestLostWork(big)).isCloseTo(300 * 10, within(1e-6));
        assertThat(engine.guestLostWork(small)).isCloseTo(200 * 10, within(1e-6));
        assertThat(engine.overloadedSeconds(h)).isCloseTo(10, within(1e-9));
        // 1200 MIPS on 1000-MIPS cores for 10 s: 12 vCPU-seconds.
        assertThat(engine.cpuTimeNanos(big)).isCloseTo(12_000_000_000L, within(1000L));
        assertThat(engine.watts(h)).isEqualTo(140);
        EngineTotals t = engine.totals();
        assertThat(t.requestedWork()).isCloseTo(2500 * 10, within(1e-6));
        assertThat(t.lostWork()).isCloseTo(5000, within(1e-6));
        assertThat(t.overloadedHostSeconds()).isCloseTo(10, within(1e-9));
        assertThat(t.activeHostSeconds()).isCloseTo(10, within(1e-9));
        assertThat(t.slatah()).isCloseTo(1, within(1e-12));
    }

    @Test
    void aHostWithinCapacityGivesEveryGuestWhatItAsks() {
        int h = host("h1", 2);
        int a = guest("a", 1, 600, h);
        guest("b", 1, 400, h);

        engine.advanceTo(60);

        assertThat(engine.utilization(h)).isCloseTo(0.5, within(1e-12));
        assertThat(engine.allocated(a)).isEqualTo(600);
        assertThat(engine.lostWork(h)).isZero();
        assertThat(engine.overloadedSeconds(h)).isZero();
        assertThat(engine.watts(h)).isCloseTo(105, within(1e-9));
        assertThat(engine.energyJoules(h)).isCloseTo(105 * 60, within(1e-6));
        assertThat(engine.cpuTimeNanos(a)).isCloseTo(36_000_000_000L, within(1000L));
        assertThat(engine.totals().requestedWork()).isCloseTo(1000 * 60, within(1e-6));
    }

    @Test
    void aGuestUsesAtMostOneCorePerVcpuAndWhatItAsksBeyondIsLost() {
        int h = host("h1", 4);
        int one = guest("one", 1, 2500, h);

        engine.advanceTo(5);

        assertThat(engine.workloadDemand(one)).isEqualTo(2500);
        assertThat(engine.demand(one)).isEqualTo(1000);
        assertThat(engine.allocated(one)).isEqualTo(1000);
        assertThat(engine.demandShare(h)).isCloseTo(0.25, within(1e-12));
        // The host has room, but the guest's single vCPU does not: 1500 MIPS lost, and it counts as an SLA violation.
        assertThat(engine.lostWork(h)).isCloseTo(1500 * 5, within(1e-6));
        assertThat(engine.guestLostWork(one)).isCloseTo(1500 * 5, within(1e-6));
        assertThat(engine.overloadedSeconds(h)).isCloseTo(5, within(1e-9));
        // Requested work is what the workload asks, uncapped.
        assertThat(engine.totals().requestedWork()).isCloseTo(2500 * 5, within(1e-6));
    }

    @Test
    void aStoppedGuestAsksNothingAndGetsNoCpuTime() {
        int h = host("h1", 2);
        int g = guest("g", 1, 800, h);
        engine.stopGuest(g);

        engine.advanceTo(10);

        assertThat(engine.stopped(g)).isTrue();
        assertThat(engine.demand(g)).isZero();
        assertThat(engine.cpuTimeNanos(g)).isZero();
        assertThat(engine.utilization(h)).isZero();
        engine.startGuest(g);
        engine.advanceTo(20);
        assertThat(engine.cpuTimeNanos(g)).isCloseTo(8_000_000_000L, within(1000L));
    }

    @Test
    void guestsStartOnlyOnAnOnHostWithRoom() {
        int h = host("h1", 2);
        int off = engine.addHost(new SimulatedHost("off", 2, 1000, 8192, 125, PowerProfile.linear(70, 140), false));
        engine.addGuest(SimulatedGuest.of("a", 1, 8000, 0, Workloads.constant(1)), h);

        assertThatThrownBy(() -> guest("b", 1, 1, off))
                .isInstanceOf(SimulationException.class).hasMessageContaining("host off is OFF");
        assertThatThrownBy(() -> guest("c", 1, 1, h))
                .isInstanceOf(SimulationException.class).hasMessageContaining("does not fit host h1")
                .hasMessageContaining("192 of 8192 MiB free");
        assertThatThrownBy(() -> engine.removeHost(h))
                .isInstanceOf(SimulationException.class).hasMessageContaining("host h1 still has guests (a)");
    }
}
