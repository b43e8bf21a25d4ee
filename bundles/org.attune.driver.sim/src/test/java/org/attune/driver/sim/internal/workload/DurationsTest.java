package org.attune.driver.sim.internal.workload;

import org.attune.simulation.Durations;
import org.attune.simulation.Workload;
import org.attune.simulation.Workloads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesEveryUnit() {
        assertThat(Durations.parseSeconds("250ms")).isEqualTo(0.25);
        assertThat(Durations.parseSeconds("30s")).isEqualTo(30);
        assertThat(Durations.parseSeconds("1.5m")).isEqualTo(90);
        assertThat(Durations.parseSeconds("2h")).isEqualTo(7200);
        assertThat(Durations.parseSeconds(" 12 ")).isEqualTo(12);
        assertThat(Durations.parse("8192ms")).isEqualTo(Duration.ofMillis(8192));
    }

    @Test
    void rejectsNegativeAndGarbage() {
        assertThatThrownBy(() -> Durations.parseSeconds("-1s")).hasMessageContaining("'-1s'");
        assertThatThrownBy(() -> Durations.parseSeconds("ten s")).hasMessageContaining("'ten s' is not a duration");
        assertThatThrownBy(() -> Durations.parseSeconds("s")).hasMessageContaining("'s'");
    }

    @Test
    void formatsReadably() {
        assertThat(Durations.format(30)).isEqualTo("30s");
        assertThat(Durations.format(0.3)).isEqualTo("300ms");
        assertThat(Durations.parseSeconds(Durations.format(123.25))).isEqualTo(123.25);
    }
}
