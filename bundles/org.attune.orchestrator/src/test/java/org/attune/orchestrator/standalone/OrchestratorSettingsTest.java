package org.attune.orchestrator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.attune.api.driver.MigrationMode;
import org.attune.api.orchestrator.Mode;
import org.junit.jupiter.api.Test;

class OrchestratorSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        OrchestratorSettings s = OrchestratorSettings.defaults();
        assertThat(s.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.mode()).isEqualTo(Mode.AUTOMATIC);
        assertThat(s.policy()).isEqualTo("threshold");
        assertThat(s.maxMigrationsPerSource()).isEqualTo(1);
        assertThat(s.maxMigrationsPerTarget()).isEqualTo(1);
        assertThat(s.maxMigrationsTotal()).isZero();
        assertThat(s.migrationTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.cooldownCycles()).isEqualTo(5);
        assertThat(s.historySize()).isEqualTo(60);
        assertThat(s.probeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.journalSize()).isEqualTo(10_000);
        assertThat(s.defaultMigrationMode()).isEqualTo(MigrationMode.LIVE);
    }

    @Test
    void variantsChangeOneThingAndCompareByValue() {
        OrchestratorSettings s = OrchestratorSettings.defaults().withPolicy(" energy ").withLimits(2, 3, 4)
                .withCooldown(0).withMode(Mode.OFF);
        assertThat(s.policy()).isEqualTo("energy");
        assertThat(s.maxMigrationsTotal()).isEqualTo(4);
        assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(s).isNotEqualTo(s.withCooldown(1));
    }

    @Test
    void everyBadValueIsNamed() {
        assertThatThrownBy(() -> OrchestratorSettings.builder().period(Duration.ZERO).limits(0, 1, -1)
                .historySize(0).journalSize(9).mode(null).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("period must be > 0 seconds, was 0.0")
                .hasMessageContaining("maxMigrationsPerSource must be >= 1, was 0")
                .hasMessageContaining("maxMigrationsTotal must be >= 0, was -1")
                .hasMessageContaining("historySize must be >= 1, was 0")
                .hasMessageContaining("journalSize must be >= 10, was 9")
                .hasMessageContaining("mode must be off, recommend or automatic, was null");
    }
}
