package org.attune.api.driver;

import java.time.Duration;
import java.util.Objects;

/**
 * How to migrate. Immutable; use the {@code with...} methods to derive variants.
 *
 * @param mode                 live or regular
 * @param bandwidthMiBps       bandwidth limit in MiB/s; 0 means the driver's default
 * @param maxDowntime          longest acceptable pause at the end of a live migration; null for the default
 * @param autoConverge         slow the guest's vCPUs down when its memory is dirtied faster than it is copied
 * @param postCopy             switch to post-copy when pre-copy does not converge
 * @param compressed           compress memory pages on the wire, where supported
 * @param timeout              the orchestrator aborts the migration after this long; null for no limit
 */
public record MigrationOptions(MigrationMode mode, long bandwidthMiBps, Duration maxDowntime, boolean autoConverge,
                               boolean postCopy, boolean compressed, Duration timeout) {

    public MigrationOptions {
        Objects.requireNonNull(mode, "mode");
        if (bandwidthMiBps < 0) {
            throw new IllegalArgumentException("bandwidth must not be negative, was " + bandwidthMiBps);
        }
    }

    /** A live migration with driver defaults and no timeout. */
    public static MigrationOptions live() {
        return new MigrationOptions(MigrationMode.LIVE, 0, null, false, false, false, null);
    }

    /** A regular (paused) migration with driver defaults and no timeout. */
    public static MigrationOptions regular() {
        return new MigrationOptions(MigrationMode.REGULAR, 0, null, false, false, false, null);
    }

    public MigrationOptions withMode(MigrationMode newMode) {
        return new MigrationOptions(newMode, bandwidthMiBps, maxDowntime, autoConverge, postCopy, compressed, timeout);
    }

    public MigrationOptions withBandwidth(long miBps) {
        return new MigrationOptions(mode, miBps, maxDowntime, autoConverge, postCopy, compressed, timeout);
    }

    public MigrationOptions withMaxDowntime(Duration downtime) {
        return new MigrationOptions(mode, bandwidthMiBps, downtime, autoConverge, postCopy, compressed, timeout);
    }

    public MigrationOptions withAutoConverge(boolean enabled) {
        return new MigrationOptions(mode, bandwidthMiBps, maxDowntime, enabled, postCopy, compressed, timeout);
    }

    public MigrationOptions withPostCopy(boolean enabled) {
        return new MigrationOptions(mode, bandwidthMiBps, maxDowntime, autoConverge, enabled, compressed, timeout);
    }

    public MigrationOptions withCompression(boolean enabled) {
        return new MigrationOptions(mode, bandwidthMiBps, maxDowntime, autoConverge, postCopy, enabled, timeout);
    }

    public MigrationOptions withTimeout(Duration newTimeout) {
        return new MigrationOptions(mode, bandwidthMiBps, maxDowntime, autoConverge, postCopy, compressed, newTimeout);
    }
}
