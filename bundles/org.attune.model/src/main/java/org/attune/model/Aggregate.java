package org.attune.model;

import java.util.Arrays;

/**
 * A per-host, element-wise sum of a per-guest vector of fixed length, over the guests on (or going to) each host
 * in a {@link ClusterModel}: e.g. the sample-wise sum of the guests' demand histories, which is the host's demand
 * history as it would be with the guests it is projected to hold. Sums follow the model's moves and rollbacks;
 * a host's sum is computed when first asked for after its guests changed.
 *
 * <p>Not thread-safe, like the model. Returned arrays are the aggregate's own: read them, do not keep or change
 * them.
 */
public final class Aggregate {

    /** The vector a guest contributes. Called once per guest; the array is kept and must not change. */
    @FunctionalInterface
    public interface GuestVector {
        /** The guest's vector, exactly {@code length} values. */
        double[] of(int guest);
    }

    private final ClusterModel model;
    private final int length;
    private final GuestVector source;
    private final double[][] vectors;
    private final double[][] sums;
    private final boolean[] valid;

    Aggregate(ClusterModel model, int length, GuestVector source) {
        if (length < 1) {
            throw new IllegalArgumentException("an aggregate needs a length of at least 1, was " + length);
        }
        this.model = model;
        this.length = length;
        this.source = source;
        this.vectors = new double[model.guestCount()][];
        this.sums = new double[model.hostCount()][];
        this.valid = new boolean[model.hostCount()];
    }

    public int length() {
        return length;
    }

    /** The vector guest {@code g} contributes. */
    public double[] vector(int g) {
        double[] v = vectors[g];
        if (v == null) {
            v = source.of(g);
            if (v.length != length) {
                throw new IllegalStateException("guest vector of length " + v.length + ", expected " + length);
            }
            vectors[g] = v;
        }
        return v;
    }

    /** The sum over the guests on host {@code h}; zeros for an empty host. */
    public double[] sum(int h) {
        if (!valid[h]) {
            double[] s = sums[h];
            if (s == null) {
                s = new double[length];
                sums[h] = s;
            } else {
                Arrays.fill(s, 0);
            }
            int[] on = model.onArray(h);
            for (int i = 0, n = model.guestCount(h); i < n; i++) {
                double[] v = vector(on[i]);
                for (int k = 0; k < length; k++) {
                    s[k] += v[k];
                }
            }
            valid[h] = true;
        }
        return sums[h];
    }

    /** The sum on host {@code h} with guest {@code g} added, into {@code into} (length values). */
    public double[] sumWith(int h, int g, double[] into) {
        double[] s = sum(h);
        double[] v = vector(g);
        for (int k = 0; k < length; k++) {
            into[k] = s[k] + v[k];
        }
        return into;
    }

    /** The sum on host {@code h} without guest {@code g} (which must be on it), into {@code into}. */
    public double[] sumWithout(int h, int g, double[] into) {
        double[] s = sum(h);
        double[] v = vector(g);
        for (int k = 0; k < length; k++) {
            into[k] = s[k] - v[k];
        }
        return into;
    }

    void invalidate(int h) {
        valid[h] = false;
    }
}
