package org.attune.orchestrator.standalone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.attune.api.driver.MigrationMode;
import org.attune.api.orchestrator.Mode;

/**
 * The orchestrator's settings, validated: what {@code etc/org.attune.orchestrator.cfg} holds, typed. Immutable and
 * thread-safe; derive variants with {@link #toBuilder()} or the {@code with...} shortcuts.
 *
 * <p>{@link #mode()} and {@link #policy()} are where the loop <em>starts</em>: once running, mode and policy are
 * runtime state that commands change ({@link org.attune.api.orchestrator.Orchestrator#setMode},
 * {@link org.attune.api.orchestrator.Orchestrator#usePolicy}); new settings change them only when their own mode or
 * policy differs from the previous settings' (see {@link StandaloneOrchestrator#updateSettings}).
 */
public final class OrchestratorSettings {

    private final Duration period;
    private final Mode mode;
    private final String policy;
    private final int maxMigrationsPerSource;
    private final int maxMigrationsPerTarget;
    private final int maxMigrationsTotal;
    private final Duration migrationTimeout;
    private final int cooldownCycles;
    private final int historySize;
    private final Duration probeTimeout;
    private final int journalSize;
    private final MigrationMode defaultMigrationMode;

    private OrchestratorSettings(Builder b) {
        period = b.period;
        mode = b.mode;
        policy = b.policy.trim();
        maxMigrationsPerSource = b.maxMigrationsPerSource;
        maxMigrationsPerTarget = b.maxMigrationsPerTarget;
        maxMigrationsTotal = b.maxMigrationsTotal;
        migrationTimeout = b.migrationTimeout;
        cooldownCycles = b.cooldownCycles;
        historySize = b.historySize;
        probeTimeout = b.probeTimeout;
        journalSize = b.journalSize;
        defaultMigrationMode = b.defaultMigrationMode;
    }

    /**
     * Defaults suited to tests and tools: a 1 s period, automatic mode, the threshold policy, one migration per
     * source and per target, no overall limit, a 120 s migration timeout, a cooldown of 5 cycles, 60 samples of
     * history, a 2 s probe timeout, 10,000 journal entries, live migrations.
     */
    public static OrchestratorSettings defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}' values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().period(period).mode(mode).policy(policy).limits(maxMigrationsPerSource,
                        maxMigrationsPerTarget, maxMigrationsTotal).migrationTimeout(migrationTimeout)
                .cooldownCycles(cooldownCycles).historySize(historySize).probeTimeout(probeTimeout)
                .journalSize(journalSize).defaultMigrationMode(defaultMigrationMode);
    }

    /** Time between two cycles of the scheduled loop. */
    public Duration period() {
        return period;
    }

    /** The mode the loop starts in. */
    public Mode mode() {
        return mode;
    }

    /** The name ({@code attune.policy.name}) of the policy the loop starts with; it may not be installed yet. */
    public String policy() {
        return policy;
    }

    /** Migrations leaving one host at the same time. */
    public int maxMigrationsPerSource() {
        return maxMigrationsPerSource;
    }

    /** Migrations entering one host at the same time. */
    public int maxMigrationsPerTarget() {
        return maxMigrationsPerTarget;
    }

    /** Migrations in the whole cluster at the same time; 0 for no limit. */
    public int maxMigrationsTotal() {
        return maxMigrationsTotal;
    }

    /** A migration still running after this long is aborted (unless its options give their own timeout). */
    public Duration migrationTimeout() {
        return migrationTimeout;
    }

    /** Cycles after a migration during which a policy may not move the guest again; operators may. */
    public int cooldownCycles() {
        return cooldownCycles;
    }

    /** Samples kept per subject and metric: the history policies see. */
    public int historySize() {
        return historySize;
    }

    /** How long one cycle waits for all its probes together; a probe still running then is given up for the cycle. */
    public Duration probeTimeout() {
        return probeTimeout;
    }

    /** Journal entries kept in memory. */
    public int journalSize() {
        return journalSize;
    }

    /** Migration mode of policy actions that do not say. */
    public MigrationMode defaultMigrationMode() {
        return defaultMigrationMode;
    }

    public OrchestratorSettings withMode(Mode newMode) {
        return toBuilder().mode(newMode).build();
    }

    public OrchestratorSettings withPolicy(String newPolicy) {
        return toBuilder().policy(newPolicy).build();
    }

    public OrchestratorSettings withCooldown(int cycles) {
        return toBuilder().cooldownCycles(cycles).build();
    }

    public OrchestratorSettings withLimits(int perSource, int perTarget, int total) {
        return toBuilder().limits(perSource, perTarget, total).build();
    }

    public OrchestratorSettings withMigrationTimeout(Duration timeout) {
        return toBuilder().migrationTimeout(timeout).build();
    }

    public OrchestratorSettings withPeriod(Duration newPeriod) {
        return toBuilder().period(newPeriod).build();
    }

    public OrchestratorSettings withProbeTimeout(Duration timeout) {
        return toBuilder().probeTimeout(timeout).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrchestratorSettings s && period.equals(s.period) && mode == s.mode
                && policy.equals(s.policy) && maxMigrationsPerSource == s.maxMigrationsPerSource
                && maxMigrationsPerTarget == s.maxMigrationsPerTarget && maxMigrationsTotal == s.maxMigrationsTotal
                && migrationTimeout.equals(s.migrationTimeout) && cooldownCycles == s.cooldownCycles
                && historySize == s.historySize && probeTimeout.equals(s.probeTimeout)
                && journalSize == s.journalSize && defaultMigrationMode == s.defaultMigrationMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(period, mode, policy, maxMigrationsPerSource, maxMigrationsPerTarget, maxMigrationsTotal,
                migrationTimeout, cooldownCycles, historySize, probeTimeout, journalSize, defaultMigrationMode);
    }

    @Override
    public String toString() {
        return "OrchestratorSettings[period=" + period + ", mode=" + mode + ", policy=" + policy
                + ", maxMigrationsPerSource=" + maxMigrationsPerSource + ", maxMigrationsPerTarget="
                + maxMigrationsPerTarget + ", maxMigrationsTotal=" + maxMigrationsTotal + ", migrationTimeout="
                + migrationTimeout + ", cooldownCycles=" + cooldownCycles + ", historySize=" + historySize
                + ", probeTimeout=" + probeTimeout + ", journalSize=" + journalSize + ", defaultMigrationMode="
                + defaultMigrationMode + "]";
    }

    /** Builds {@link OrchestratorSettings}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private Duration period = Duration.ofSeconds(1);
        private Mode mode = Mode.AUTOMATIC;
        private String policy = "threshold";
        private int maxMigrationsPerSource = 1;
        private int maxMigrationsPerTarget = 1;
        private int maxMigrationsTotal;
        private Duration migrationTimeout = Duration.ofSeconds(120);
        private int cooldownCycles = 5;
        private int historySize = 60;
        private Duration probeTimeout = Duration.ofSeconds(2);
        private int journalSize = 10_000;
        private MigrationMode defaultMigrationMode = MigrationMode.LIVE;

        private Builder() {
        }

        public Builder period(Duration value) {
            period = value;
            return this;
        }

        public Builder mode(Mode value) {
            mode = value;
            return this;
        }

        public Builder policy(String value) {
            policy = value;
            return this;
        }

        /** Migrations per source, per target and in total (0 for no overall limit). */
        public Builder limits(int perSource, int perTarget, int total) {
            maxMigrationsPerSource = perSource;
            maxMigrationsPerTarget = perTarget;
            maxMigrationsTotal = total;
            return this;
        }

        public Builder migrationTimeout(Duration value) {
            migrationTimeout = value;
            return this;
        }

        public Builder cooldownCycles(int value) {
            cooldownCycles = value;
            return this;
        }

        public Builder historySize(int value) {
            historySize = value;
            return this;
        }

        public Builder probeTimeout(Duration value) {
            probeTimeout = value;
            return this;
        }

        public Builder journalSize(int value) {
            journalSize = value;
            return this;
        }

        public Builder defaultMigrationMode(MigrationMode value) {
            defaultMigrationMode = value;
            return this;
        }

        /**
         * What is wrong with the values set, one line each naming the setting (as its configuration key) and its
         * value; empty when {@link #build()} will succeed.
         */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (period == null || period.isNegative() || period.isZero()) {
                problems.add("period must be > 0 seconds, was " + seconds(period));
            }
            if (mode == null) {
                problems.add("mode must be off, recommend or automatic, was null");
            }
            if (policy == null) {
                problems.add("policy must be a policy name, was null");
            }
            if (maxMigrationsPerSource < 1) {
                problems.add("maxMigrationsPerSource must be >= 1, was " + maxMigrationsPerSource);
            }
            if (maxMigrationsPerTarget < 1) {
                problems.add("maxMigrationsPerTarget must be >= 1, was " + maxMigrationsPerTarget);
            }
            if (maxMigrationsTotal < 0) {
                problems.add("maxMigrationsTotal must be >= 0, was " + maxMigrationsTotal);
            }
            if (migrationTimeout == null || migrationTimeout.isNegative() || migrationTimeout.isZero()) {
                problems.add("migrationTimeoutSeconds must be > 0, was " + seconds(migrationTimeout));
            }
            if (cooldownCycles < 0) {
                problems.add("cooldownCycles must be >= 0, was " + cooldownCycles);
            }
            if (historySize < 1) {
                problems.add("historySize must be >= 1, was " + historySize);
            }
            if (probeTimeout == null || probeTimeout.toMillis() < 1) {
                problems.add("probeTimeoutMillis must be >= 1, was " + (probeTimeout == null ? "null"
                        : probeTimeout.toMillis()));
            }
            if (journalSize < 10) {
                problems.add("journalSize must be >= 10, was " + journalSize);
            }
            if (defaultMigrationMode == null) {
                problems.add("defaultMigrationMode must be live or regular, was null");
            }
            return problems;
        }

        /** @throws IllegalArgumentException naming every bad setting and its value */
        public OrchestratorSettings build() {
            List<String> problems = problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid orchestrator settings: " + String.join("; ", problems));
            }
            return new OrchestratorSettings(this);
        }

        private static String seconds(Duration d) {
            return d == null ? "null" : String.valueOf(d.toNanos() / 1e9);
        }
    }
}
