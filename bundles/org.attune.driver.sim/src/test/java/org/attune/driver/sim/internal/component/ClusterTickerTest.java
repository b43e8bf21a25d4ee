package org.attune.driver.sim.internal.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.attune.driver.sim.VirtualClock;
import org.attune.driver.sim.internal.clock.ScaledClock;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.junit.jupiter.api.Test;

class ClusterTickerTest {

    @Test
    void advancesTheClusterWithAScaledClockUntilClosed() {
        ScaledClock clock = new ScaledClock(Instant.EPOCH, 1000);
        SimCluster cluster = new SimCluster(clock);
        ClusterTicker ticker = new ClusterTicker(cluster, clock, Duration.ofMillis(5), 1000, "test-ticker");
        ticker.start();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(cluster.now()).isAfter(Instant.EPOCH.plusSeconds(20)));

        ticker.close();
        assertThat(ticker.isClosed()).isTrue();
        Instant stopped = cluster.now();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> cluster.now().equals(stopped));
    }

    @Test
    void movesAVirtualClockByTickTimesSpeedupAndRunsTasksOnItsThread() {
        VirtualClock clock = new VirtualClock();
        SimCluster cluster = new SimCluster(clock);
        ClusterTicker ticker = new ClusterTicker(cluster, clock, Duration.ofMillis(5), 4, "sim-thread");
        AtomicReference<String> thread = new AtomicReference<>();
        try {
            ticker.execute(() -> {
                throw new IllegalStateException("a failing task must not stop the ticker");
            });
            ticker.execute(() -> thread.set(Thread.currentThread().getName()));
            ticker.start();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(thread.get()).isEqualTo("sim-thread");
                assertThat(cluster.now()).isAfterOrEqualTo(Instant.EPOCH.plusMillis(20 * 10));
            });
            // Virtual time moves in exact 20 ms steps (5 ms x 4), whatever the wall clock did.
            assertThat(Duration.between(Instant.EPOCH, clock.instant()).toMillis() % 20).isZero();
        } finally {
            ticker.close();
        }
        ticker.execute(() -> thread.set("after close"));
        assertThat(thread.get()).isEqualTo("sim-thread");
    }
}
