package org.attune.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class VirtualClockTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void movesOnlyWhenAdvancedOrSet() {
        VirtualClock clock = new VirtualClock(T0);
        assertThat(clock.instant()).isEqualTo(T0);
        assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(T0.plusSeconds(90));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(90));
        clock.set(T0.plusSeconds(100));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(100));
        assertThat(new VirtualClock().instant()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void neverGoesBack() {
        VirtualClock clock = new VirtualClock(T0);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot go back");
        assertThatThrownBy(() -> clock.set(T0.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot go back");
        assertThat(clock.instant()).isEqualTo(T0);
    }

    @Test
    void isAJavaClockInUtc_whoseZoneViewsShareItsTime() {
        VirtualClock clock = new VirtualClock(T0);
        assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(paris.instant()).isEqualTo(T0.plusSeconds(300));
        ((VirtualClock) paris).advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(600));
        assertThat(clock.withZone(clock.getZone())).isSameAs(clock);
    }
}
