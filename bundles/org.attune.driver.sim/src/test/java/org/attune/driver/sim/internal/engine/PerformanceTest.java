package org.attune.driver.sim.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.attune.driver.sim.internal.clock.VirtualClock;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.driver.sim.internal.model.PowerModel;
import org.attune.driver.sim.internal.workload.Workloads;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The size of the PlanetLab reference experiment: 800 hosts, 1,000 guests, a day of 288 five-minute steps. */
class PerformanceTest {

    private static final Logger LOG = LoggerFactory.getLogger(PerformanceTest.class);

    @Test
    void aPlanetLabSizedDaySimulatesWellUnderASecond() {
        long first = simulateDay();
        long second = simulateDay();
        LOG.info("800 hosts, 1000 guests, 288 steps: {} ms cold, {} ms warm", first / 1_000_000, second / 1_000_000);
        assertThat(Duration.ofNanos(second)).isLessThan(Duration.ofMillis(500));
    }

    private static long simulateDay() {
        VirtualClock clock = new VirtualClock();
        SimCluster cluster = new SimCluster("bench", clock, Duration.ofSeconds(300));
        PowerModel g4 = PowerModel.table(86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117);
        PowerModel g5 = PowerModel.table(93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135);
        for (int i = 0; i < 800; i++) {
            cluster.addHost(i % 2 == 0 ? HostSpec.of("h" + i, 2, 1860, 4096).withPower(g4)
                    : HostSpec.of("h" + i, 2, 2660, 4096).withPower(g5));
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
        long start = System.nanoTime();
        for (int step = 0; step < 288; step++) {
            clock.advance(Duration.ofSeconds(300));
            cluster.advance();
        }
        long elapsed = System.nanoTime() - start;
        assertThat(cluster.totals().simulatedSeconds()).isEqualTo(86400);
        assertThat(cluster.energyJoules()).isPositive();
        return elapsed;
    }
}
