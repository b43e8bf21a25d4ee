package org.attune.orchestrator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.attune.api.driver.MigrationMode;
import org.attune.api.orchestrator.Mode;

/**
 * The orchestrator's validated settings. Immutable.
 */
public record Settings(Duration period, Mode mode, String policy, int maxPerSource, int maxPerTarget, int maxTotal,
                Duration migrationTimeout, int cooldownCycles, int historySize, Duration probeTimeout,
                int journalSize, MigrationMode defaultMigrationMode) {

    /** Defaults suited to tests: a 1 s period, automatic mode, the threshold policy. */
    public static Settings defaults() {
        return new Settings(Duration.ofSeconds(1), Mode.AUTOMATIC, "threshold", 1, 1, 0, Duration.ofSeconds(120), 5,
                60, Duration.ofSeconds(2), 10_000, MigrationMode.LIVE);
    }

    /**
     * Validates a configuration.
     *
     * @throws IllegalArgumentException naming every bad attribute and its value
     */
    public static Settings from(OrchestratorConfiguration c) {
        List<String> problems = new ArrayList<>();
        if (!(c.period() > 0)) {
            problems.add("period must be > 0 seconds, was " + c.period());
        }
        Mode mode = parseMode(c.mode(), problems);
        MigrationMode migrationMode = switch (c.defaultMigrationMode().trim().toLowerCase(Locale.ROOT)) {
            case "live" -> MigrationMode.LIVE;
            case "regular", "offline" -> MigrationMode.REGULAR;
            default -> {
                problems.add("defaultMigrationMode must be live or regular, was '" + c.defaultMigrationMode() + "'");
                yield MigrationMode.LIVE;
            }
        };
        if (c.maxMigrationsPerSource() < 1) {
            problems.add("maxMigrationsPerSource must be >= 1, was " + c.maxMigrationsPerSource());
        }
        if (c.maxMigrationsPerTarget() < 1) {
            problems.add("maxMigrationsPerTarget must be >= 1, was " + c.maxMigrationsPerTarget());
        }
        if (c.maxMigrationsTotal() < 0) {
            problems.add("maxMigrationsTotal must be >= 0, was " + c.maxMigrationsTotal());
        }
        if (!(c.migrationTimeoutSeconds() > 0)) {
            problems.add("migrationTimeoutSeconds must be > 0, was " + c.migrationTimeoutSeconds());
        }
        if (c.cooldownCycles() < 0) {
            problems.add("cooldownCycles must be >= 0, was " + c.cooldownCycles());
        }
        if (c.historySize() < 1) {
            problems.add("historySize must be >= 1, was " + c.historySize());
        }
        if (c.probeTimeoutMillis() < 1) {
            problems.add("probeTimeoutMillis must be >= 1, was " + c.probeTimeoutMillis());
        }
        if (c.journalSize() < 10) {
            problems.add("journalSize must be >= 10, was " + c.journalSize());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.orchestrator: " + String.join("; ", problems));
        }
        return new Settings(seconds(c.period()), mode, c.policy().trim(), c.maxMigrationsPerSource(),
                c.maxMigrationsPerTarget(), c.maxMigrationsTotal(), seconds(c.migrationTimeoutSeconds()),
                c.cooldownCycles(), c.historySize(), Duration.ofMillis(c.probeTimeoutMillis()), c.journalSize(),
                migrationMode);
    }

    static Mode parseMode(String text, List<String> problems) {
        try {
            return Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("mode must be off, recommend or automatic, was '" + text + "'");
            return Mode.RECOMMEND;
        }
    }

    public Settings withMode(Mode newMode) {
        return new Settings(period, newMode, policy, maxPerSource, maxPerTarget, maxTotal, migrationTimeout,
                cooldownCycles, historySize, probeTimeout, journalSize, defaultMigrationMode);
    }

    public Settings withPolicy(String newPolicy) {
        return new Settings(period, mode, newPolicy, maxPerSource, maxPerTarget, maxTotal, migrationTimeout,
                cooldownCycles, historySize, probeTimeout, journalSize, defaultMigrationMode);
    }

    public Settings withCooldown(int cycles) {
        return new Settings(period, mode, policy, maxPerSource, maxPerTarget, maxTotal, migrationTimeout,
                cycles, historySize, probeTimeout, journalSize, defaultMigrationMode);
    }

    public Settings withLimits(int perSource, int perTarget, int total) {
        return new Settings(period, mode, policy, perSource, perTarget, total, migrationTimeout,
                cooldownCycles, historySize, probeTimeout, journalSize, defaultMigrationMode);
    }

    public Settings withMigrationTimeout(Duration timeout) {
        return new Settings(period, mode, policy, maxPerSource, maxPerTarget, maxTotal, timeout,
                cooldownCycles, historySize, probeTimeout, journalSize, defaultMigrationMode);
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
