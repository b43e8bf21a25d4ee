package org.attune.simulation;

/**
 * How to migrate a guest. Immutable.
 *
 * @param live                true: pre-copy while the guest runs; false: pause it and copy (regular migration)
 * @param bandwidthCapMiBps   at most this rate; 0 for the link's share
 * @param maxDowntimeSeconds  live: stop pre-copying when the rest fits in this pause; NaN for the engine's default
 * @param autoConverge        live: throttle the guest's dirtying after 30 rounds without converging
 * @param postCopy            live: after 30 rounds, switch to the target and pull the rest (wins over auto-converge)
 */
public record MigrationRequest(boolean live, double bandwidthCapMiBps, double maxDowntimeSeconds, boolean autoConverge,
                               boolean postCopy) {

    /** A live migration with the engine's defaults. */
    public static final MigrationRequest LIVE = new MigrationRequest(true, 0, Double.NaN, false, false);

    /** A regular (paused) migration. */
    public static final MigrationRequest REGULAR = new MigrationRequest(false, 0, Double.NaN, false, false);

    public MigrationRequest {
        if (!(bandwidthCapMiBps >= 0) || Double.isInfinite(bandwidthCapMiBps)) {
            throw new IllegalArgumentException("bandwidth cap must be >= 0 MiB/s, was " + bandwidthCapMiBps);
        }
        if (maxDowntimeSeconds < 0 || Double.isInfinite(maxDowntimeSeconds)) {
            throw new IllegalArgumentException("max downtime must not be negative, was " + maxDowntimeSeconds);
        }
    }
}
