package org.attune.driver.sim.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.attune.driver.sim.VirtualClock;
import org.attune.api.PowerProfile;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.simulation.Workloads;
import org.junit.jupiter.api.Test;

/**
 * The size of the PlanetLab reference experiment: 800 hosts, 1,000 guests, a day of 288 five-minute steps. How fast
 * it runs is the bench module's business; here the day must simply complete and be deterministic.
 */
class PlanetLabSizedDayTest {

    @Test
    void aPlanetLabSizedDayCompletesAndIsDeterministic() {
        assertThat(simulateDay()).isEqualTo(simulateDay());
    }

    private static double simulateDay() {
        VirtualClock clock = new VirtualClock();
        SimCluster cluster = new SimCluster("bench", clock, Duration.ofSeconds(300));
        PowerProfile g4 = PowerProfile.table(86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117);
        PowerProfile g5 = PowerProfile.table(93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135);
        for (int i = 0; i < 800; i++) {
            cluster.addHost(i % 2 == 0 ? HostSpec.of("h" + i, 2, 1860, 4096).withPowerProfile(g4)
                    : HostSpec.of("h" + i, 2, 2660, 4096).withPowerProfile(g5));
        }
        Random random = new Random(42);
        int[] mips = {2500, 2000, 1000, 500};
        for (int i = 0; i < 1000; i++) {
            double[] trace = new double[288];
            for (int k = 0; k < trace.length; k++) {
                trace[k] = random.nextInt(100) / 100.0 * mips[i % 4];
            }
            cluster.addGuest(GuestSpec.of("vm" + i, 1, 613, "h" + (i % 800),
                    Workloads.trace(trace, 300, "synthetic trace " + i)));
        }
        for (int step = 0; step < 288; step++) {
            clock.advance(Duration.ofSeconds(300));
            cluster.advance();
        }
        assertThat(cluster.totals().simulatedSeconds()).isEqualTo(86400);
        assertThat(cluster.energyJoules()).isPositive();
        return cluster.energyJoules();
    }
}
