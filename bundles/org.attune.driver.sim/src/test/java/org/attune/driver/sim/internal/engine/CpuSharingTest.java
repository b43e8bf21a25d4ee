package org.attune.driver.sim.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.attune.driver.sim.GuestReading;
import org.attune.driver.sim.HostReading;
import org.attune.driver.sim.VirtualClock;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.simulation.Workloads;
import org.junit.jupiter.api.Test;

class CpuSharingTest {

    private final VirtualClock clock = new VirtualClock();
    private final SimCluster cluster = new SimCluster(clock);

    @Test
    void anOverloadedHostSharesItsCapacityInProportionToDemand() {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("big", 2, 512, "h1", Workloads.constant(1500)));
        cluster.addGuest(GuestSpec.of("small", 2, 512, "h1", Workloads.constant(1000)));

        clock.advance(Duration.ofSeconds(10));
        cluster.advance();

        HostReading h = cluster.hostReading("h1");
        assertThat(h.demandShare()).isCloseTo(1.25, within(1e-12));
        assertThat(h.utilization()).isEqualTo(1.0);
        assertThat(h.lostWork()).isCloseTo(500 * 10, within(1e-6));
        assertThat(h.overloadedSeconds()).isCloseTo(10, within(1e-9));
        GuestReading big = cluster.guestReading("big");
        GuestReading small = cluster.guestReading("small");
        assertThat(big.demand()).isEqualTo(1500);
        assertThat(big.allocated()).isCloseTo(1200, within(1e-9));
        assertThat(small.allocated()).isCloseTo(800, within(1e-9));
        assertThat(big.lostWork()).isCloseTo(300 * 10, within(1e-6));
        assertThat(small.lostWork()).isCloseTo(200 * 10, within(1e-6));
        assertThat(cluster.lostWork()).isCloseTo(5000, within(1e-6));
        // 1200 MIPS on 1000-MIPS cores for 10 s: 12 vCPU-seconds.
        assertThat(big.cpuTimeNanos()).isCloseTo(12_000_000_000L, within(1000L));
        assertThat(big.utilization()).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void aHostWithinCapacityGivesEveryGuestItsDemand() {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("a", 1, 512, "h1", Workloads.constant(600)));
        cluster.addGuest(GuestSpec.of("b", 1, 512, "h1", Workloads.constant(400)));

        clock.advance(Duration.ofSeconds(60));
        cluster.advance();

        HostReading h = cluster.hostReading("h1");
        assertThat(h.utilization()).isCloseTo(0.5, within(1e-12));
        assertThat(h.demandShare()).isCloseTo(0.5, within(1e-12));
        assertThat(h.lostWork()).isZero();
        assertThat(cluster.guestReading("a").allocated()).isEqualTo(600);
        assertThat(cluster.guestReading("a").cpuTimeNanos()).isCloseTo(36_000_000_000L, within(1000L));
        assertThat(cluster.totals().requestedWork()).isCloseTo(1000 * 60, within(1e-6));
    }

    @Test
    void aGuestCannotUseMoreThanItsVcpus() {
        cluster.addHost(HostSpec.of("h1", 4, 1000, 4096));
        cluster.addGuest(GuestSpec.of("one", 1, 512, "h1", Workloads.constant(2500)));

        clock.advance(Duration.ofSeconds(5));
        cluster.advance();

        GuestReading g = cluster.guestReading("one");
        assertThat(g.demand()).isEqualTo(1000);
        assertThat(g.utilization()).isEqualTo(1.0);
        assertThat(cluster.hostReading("h1").demandShare()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void demandFollowsTheWorkloadStepByStep() {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("g", 2, 512, "h1", Workloads.step(100, 1900, 30)));

        clock.advance(Duration.ofSeconds(20));
        cluster.advance();
        assertThat(cluster.guestReading("g").demand()).isEqualTo(100);
        clock.advance(Duration.ofSeconds(20));
        cluster.advance();
        assertThat(cluster.guestReading("g").demand()).isEqualTo(1900);
        // 30 s at 100 and 10 s at 1900 MIPS.
        assertThat(cluster.totals().requestedWork()).isCloseTo(30 * 100 + 10 * 1900, within(1e-6));
    }

    @Test
    void maxStepBoundsOnlyHowLongAContinuousWorkloadIsHeld() {
        SimCluster coarse = new SimCluster("sim", clock, Duration.ofSeconds(300));
        coarse.addHost(HostSpec.of("h1", 2, 1000, 4096));
        coarse.addGuest(GuestSpec.of("g", 2, 512, "h1", Workloads.step(100, 1900, 30)));
        coarse.addGuest(GuestSpec.of("r", 2, 512, "h1", Workloads.ramp(0, 1000, 0, 600)));
        clock.advance(Duration.ofSeconds(300));
        coarse.advance();
        // Event-driven engine: the step's change at 30 s is an event, taken at 30 s however long maxStep is;
        // the ramp changes continuously and is held from its sample at 0 s for one maxStep.
        assertThat(coarse.totals().requestedWork()).isCloseTo(30 * 100 + 270 * 1900 + 300 * 0, within(1e-6));
        assertThat(coarse.guestReading("r").demand()).isEqualTo(500);
        assertThat(coarse.now()).isEqualTo(clock.instant());
    }
}
