package org.attune.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;

import org.attune.api.driver.MigrationMode;
import org.attune.api.orchestrator.Mode;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.junit.jupiter.api.Test;

class ConfigurationSettingsTest {

    /** A configuration with the annotation's defaults, overridable per test. */
    private static class Config implements OrchestratorConfiguration {
        double period = 2;
        String mode = "automatic";
        int perSource = 1;
        int history = 60;
        long probeTimeout = 500;
        String migrationMode = "live";

        @Override public Class<? extends Annotation> annotationType() { return OrchestratorConfiguration.class; }
        @Override public double period() { return period; }
        @Override public String mode() { return mode; }
        @Override public String policy() { return " threshold "; }
        @Override public int maxMigrationsPerSource() { return perSource; }
        @Override public int maxMigrationsPerTarget() { return 1; }
        @Override public int maxMigrationsTotal() { return 0; }
        @Override public double migrationTimeoutSeconds() { return 90; }
        @Override public int cooldownCycles() { return 4; }
        @Override public int historySize() { return history; }
        @Override public long probeTimeoutMillis() { return probeTimeout; }
        @Override public int journalSize() { return 1000; }
        @Override public String defaultMigrationMode() { return migrationMode; }
    }

    @Test
    void validConfigurationBecomesSettings() {
        OrchestratorSettings s = ConfigurationSettings.from(new Config());
        assertThat(s.period()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.mode()).isEqualTo(Mode.AUTOMATIC);
        assertThat(s.policy()).isEqualTo("threshold");
        assertThat(s.migrationTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.probeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.cooldownCycles()).isEqualTo(4);
        assertThat(s.defaultMigrationMode()).isEqualTo(MigrationMode.LIVE);
    }

    @Test
    void everyBadAttributeIsNamed() {
        Config c = new Config();
        c.period = -1;
        c.mode = "sometimes";
        c.perSource = 0;
        c.history = 0;
        c.probeTimeout = 0;
        c.migrationMode = "teleport";
        assertThatThrownBy(() -> ConfigurationSettings.from(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid configuration org.attune.orchestrator: ")
                .hasMessageContaining("period must be > 0 seconds, was -1.0")
                .hasMessageContaining("mode must be off, recommend or automatic, was 'sometimes'")
                .hasMessageContaining("maxMigrationsPerSource must be >= 1, was 0")
                .hasMessageContaining("historySize must be >= 1, was 0")
                .hasMessageContaining("probeTimeoutMillis must be >= 1, was 0")
                .hasMessageContaining("defaultMigrationMode must be live or regular, was 'teleport'");
    }
}
