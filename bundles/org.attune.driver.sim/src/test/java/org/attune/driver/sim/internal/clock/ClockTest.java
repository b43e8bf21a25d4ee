package org.attune.driver.sim.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ClockTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void virtualClockMovesOnlyWhenAdvanced() {
        VirtualClock clock = new VirtualClock(T0);
        assertThat(clock.now()).isEqualTo(T0);
        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(T0.plusSeconds(90));
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(90));
        clock.set(T0.plusSeconds(100));
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void virtualClockNeverGoesBack() {
        VirtualClock clock = new VirtualClock(T0);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.set(T0.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scaledClockMultipliesElapsedWallTime() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        ScaledClock clock = new ScaledClock(T0, 4, nanos::get);
        assertThat(clock.now()).isEqualTo(T0);
        nanos.addAndGet(2_500_000_000L);
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void scaledClockRejectsANonPositiveSpeedup() {
        assertThatThrownBy(() -> new ScaledClock(T0, 0)).hasMessageContaining("speedup must be a positive number");
    }
}
