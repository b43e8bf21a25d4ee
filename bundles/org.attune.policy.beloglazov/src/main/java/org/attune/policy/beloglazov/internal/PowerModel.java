package org.attune.policy.beloglazov.internal;

import java.util.Arrays;
import java.util.Locale;

/**
 * Electrical power of a host as a function of its CPU utilisation: watts at evenly spaced utilisation points
 * from 0 to 1 (11 points for a SPECpower table), linear in between. Immutable.
 */
public final class PowerModel {

    private final double[] watts;
    private final double minSlope;

    /** @param watts power at 0%, ..., 100% utilisation, evenly spaced; at least two points */
    public PowerModel(double... watts) {
        if (watts.length < 2) {
            throw new IllegalArgumentException("a power model needs at least 2 points, had " + watts.length);
        }
        for (double w : watts) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("power values must be finite and >= 0: " + Arrays.toString(watts));
            }
        }
        this.watts = watts.clone();
        double min = Double.MAX_VALUE;
        for (int i = 0; i + 1 < watts.length; i++) {
            min = Math.min(min, (watts[i + 1] - watts[i]) * (watts.length - 1));
        }
        this.minSlope = min;
    }

    /**
     * The smallest slope of the curve in watts per unit of utilisation: {@code watts(b) - watts(a) >= minSlope() *
     * (b - a)} for {@code 0 <= a <= b <= 1}. Lets a search skip hosts that cannot win.
     */
    public double minSlope() {
        return minSlope;
    }

    /** A model linear from {@code idle} watts at 0% to {@code max} watts at 100%. */
    public static PowerModel linear(double idle, double max) {
        return new PowerModel(idle, max);
    }

    /** Parses comma-separated watts, e.g. {@code 86,89.4,92.6,96,99.5,102,106,108,112,114,117}. */
    public static PowerModel parse(String csv) {
        String[] parts = csv.split(",");
        double[] w = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                w[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number in power table '" + csv + "': " + parts[i]);
            }
        }
        return new PowerModel(w);
    }

    /** Watts at utilisation {@code u}; {@code u} is clamped to 0..1. */
    public double watts(double u) {
        double x = u <= 0 ? 0 : Math.min(u, 1) * (watts.length - 1);
        int i = (int) x; // x >= 0: the cast floors
        if (i >= watts.length - 1) {
            return watts[watts.length - 1];
        }
        return watts[i] + (watts[i + 1] - watts[i]) * (x - i);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (double w : watts) {
            b.append(b.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%s", w));
        }
        return b.toString();
    }
}
