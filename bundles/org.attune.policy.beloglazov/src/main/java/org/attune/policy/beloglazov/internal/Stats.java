package org.attune.policy.beloglazov.internal;

import java.util.Arrays;

/**
 * The statistics behind the detectors, written to give the same numbers as CloudSim 3.0.3's {@code MathUtil}
 * (median and quartile conventions included).
 */
final class Stats {

    private Stats() {
    }

    /** Median; the mean of the two middle values for an even count (commons-math's 50th percentile). */
    static double median(double[] data) {
        double[] s = data.clone();
        Arrays.sort(s);
        int n = s.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Median absolute deviation from the median. */
    static double mad(double[] data) {
        if (data.length == 0) {
            return 0;
        }
        double m = median(data);
        double[] dev = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            dev[i] = Math.abs(m - data[i]);
        }
        return median(dev);
    }

    /** Interquartile range with CloudSim's quartile positions: round(0.25 (n+1)) and round(0.75 (n+1)). */
    static double iqr(double[] data) {
        double[] s = data.clone();
        Arrays.sort(s);
        int q1 = (int) Math.round(0.25 * (s.length + 1)) - 1;
        int q3 = (int) Math.round(0.75 * (s.length + 1)) - 1;
        return s[q3] - s[q1];
    }

    /**
     * Weighted least-squares line through (x_i, y_i); {@code w == null} for ordinary least squares.
     *
     * @return {intercept, slope}, or null when the fit is undefined (fewer than two distinct weighted x)
     */
    static double[] fit(double[] x, double[] y, double[] w) {
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            double wi = w == null ? 1 : w[i];
            sw += wi;
            sx += wi * x[i];
            sy += wi * y[i];
        }
        if (!(sw > 0)) {
            return null;
        }
        double mx = sx / sw;
        double my = sy / sw;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            double wi = w == null ? 1 : w[i];
            sxx += wi * (x[i] - mx) * (x[i] - mx);
            sxy += wi * (x[i] - mx) * (y[i] - my);
        }
        if (!(sxx > 0)) {
            return null;
        }
        double slope = sxy / sxx;
        return new double[] {my - slope * mx, slope};
    }

    /**
     * Tricube weights for n points at x = 1..n, the newest (x = n) weighing most: w = (1 - (d / n)^3)^3 with d the
     * distance to the newest point, so the oldest point keeps a small positive weight.
     */
    static double[] tricube(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double d = (double) (n - 1 - i) / n;
            w[i] = Math.pow(1 - d * d * d, 3);
        }
        return w;
    }

    /**
     * Bisquare robustness weights of residuals: (1 - (r / 6 median|r|)^2)^2, 0 beyond 6 median|r|; null when
     * median|r| is 0, i.e. most points already lie on the line and re-weighting would undo the fit.
     */
    static double[] bisquare(double[] residuals) {
        double[] abs = new double[residuals.length];
        for (int i = 0; i < abs.length; i++) {
            abs[i] = Math.abs(residuals[i]);
        }
        double s6 = 6 * median(abs);
        if (!(s6 > 1e-12)) {
            return null;
        }
        double[] w = new double[residuals.length];
        for (int i = 0; i < w.length; i++) {
            double r = residuals[i] / s6;
            w[i] = Math.abs(r) < 1 ? (1 - r * r) * (1 - r * r) : 0;
        }
        return w;
    }
}
