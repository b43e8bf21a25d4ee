package org.attune.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesTest {

    @Test
    void tailMeanAndLastAll() {
        Series s = Series.regular(10_000, 1000, 0.5, 0.9, 0.95, 0.85);
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.latest(-1)).isEqualTo(0.85);
        assertThat(s.tail(2)).containsExactly(0.95, 0.85);
        assertThat(s.tail(9)).hasSize(4);
        assertThat(s.mean(2, 0)).isEqualTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.lastAll(3, v -> v > 0.8)).isTrue();
        assertThat(s.lastAll(4, v -> v > 0.8)).isFalse();
        assertThat(s.lastAll(5, v -> true)).as("not enough samples yet").isFalse();
        assertThat(s.time(0).toEpochMilli()).isEqualTo(7_000);
        assertThat(Series.EMPTY.latest(42)).isEqualTo(42);
    }
}
