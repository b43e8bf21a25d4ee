package org.attune.driver.sim.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ScaledClockTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void scaledClockMultipliesElapsedWallTime() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        ScaledClock clock = new ScaledClock(T0, 4, nanos::get);
        assertThat(clock.instant()).isEqualTo(T0);
        nanos.addAndGet(2_500_000_000L);
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void scaledClockRejectsANonPositiveSpeedup() {
        assertThatThrownBy(() -> new ScaledClock(T0, 0)).hasMessageContaining("speedup must be a positive number");
    }
}
