package org.attune.driver.libvirt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheMaximumAndResetToTheMinimum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(10));
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void equalMinAndMaxIsAFixedDelay() {
        Backoff b = new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void invalidBoundsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
