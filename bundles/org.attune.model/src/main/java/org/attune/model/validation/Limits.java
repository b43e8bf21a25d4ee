package org.attune.model.validation;

/**
 * How many migrations may run at once. Immutable.
 *
 * @param perSource migrations leaving one host at the same time, at least 1
 * @param perTarget migrations entering one host at the same time, at least 1
 * @param total     migrations in the whole cluster at the same time; 0 for no limit
 */
public record Limits(int perSource, int perTarget, int total) {

    /** No limit at all (CloudSim's model). */
    public static final Limits NONE = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, 0);

    public Limits {
        if (perSource < 1 || perTarget < 1 || total < 0) {
            throw new IllegalArgumentException("migration limits must be >= 1 per source and per target and >= 0 in "
                    + "total, were " + perSource + ", " + perTarget + ", " + total);
        }
    }
}
