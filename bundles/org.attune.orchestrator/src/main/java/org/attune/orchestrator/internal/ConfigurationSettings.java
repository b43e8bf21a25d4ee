package org.attune.orchestrator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.attune.api.driver.MigrationMode;
import org.attune.api.orchestrator.Mode;
import org.attune.orchestrator.standalone.OrchestratorSettings;

/** Turns the component's configuration into validated {@link OrchestratorSettings}. */
final class ConfigurationSettings {

    private ConfigurationSettings() {
    }

    /**
     * Validates a configuration.
     *
     * @throws IllegalArgumentException naming every bad attribute and its value
     */
    static OrchestratorSettings from(OrchestratorConfiguration c) {
        List<String> problems = new ArrayList<>();
        Mode mode = parseMode(c.mode(), problems);
        MigrationMode migrationMode = switch (c.defaultMigrationMode().trim().toLowerCase(Locale.ROOT)) {
            case "live" -> MigrationMode.LIVE;
            case "regular", "offline" -> MigrationMode.REGULAR;
            default -> {
                problems.add("defaultMigrationMode must be live or regular, was '" + c.defaultMigrationMode() + "'");
                yield MigrationMode.LIVE;
            }
        };
        OrchestratorSettings.Builder b = OrchestratorSettings.builder().period(seconds(c.period())).mode(mode)
                .policy(c.policy()).limits(c.maxMigrationsPerSource(), c.maxMigrationsPerTarget(),
                        c.maxMigrationsTotal())
                .migrationTimeout(seconds(c.migrationTimeoutSeconds())).cooldownCycles(c.cooldownCycles())
                .historySize(c.historySize()).probeTimeout(Duration.ofMillis(c.probeTimeoutMillis()))
                .journalSize(c.journalSize()).defaultMigrationMode(migrationMode);
        for (String p : b.problems()) {
            // The builder reports a duration converted from seconds; name the configured value instead.
            if (p.startsWith("period ")) {
                p = "period must be > 0 seconds, was " + c.period();
            } else if (p.startsWith("migrationTimeoutSeconds ")) {
                p = "migrationTimeoutSeconds must be > 0, was " + c.migrationTimeoutSeconds();
            } else if (p.startsWith("probeTimeoutMillis ")) {
                p = "probeTimeoutMillis must be >= 1, was " + c.probeTimeoutMillis();
            }
            problems.add(p);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration " + OrchestratorComponent.PID + ": "
                    + String.join("; ", problems));
        }
        return b.build();
    }

    static Mode parseMode(String text, List<String> problems) {
        try {
            return Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("mode must be off, recommend or automatic, was '" + text + "'");
            return Mode.RECOMMEND;
        }
    }

    /** Seconds as a duration; not a number or negative values become a negative duration the builder refuses. */
    private static Duration seconds(double s) {
        return Double.isNaN(s) || s <= 0 ? Duration.ofNanos(-1) : Duration.ofNanos((long) (s * 1e9));
    }
}
