package org.attune.policy.forecast.internal;

import java.util.Arrays;

import org.attune.api.Metrics;
import org.attune.model.Aggregate;
import org.attune.model.ClusterModel;
import org.attune.policy.forecast.ForecastSettings;

/**
 * The demand forecasts of one planning pass: each guest's own forecast and peak over the window, and each host's
 * forecast, cached until the host is {@link #invalidate invalidated}. Not thread-safe; one per plan.
 *
 * <p>Every guest contributes its last {@code window} demand samples ({@link Metrics#CPU_DEMAND}, capacity units); a
 * young guest's missing older samples are its highest sample so far plus a margin per missing sample. A host's
 * <em>aggregate</em> is the sample-wise sum over its guests (the model keeps it as guests move), and its
 * <em>forecast</em> the larger of its demand now and the {@code quantile} of its aggregate.
 */
final class Forecasts {

    private final ClusterModel model;
    private final int w;
    private final int qIndex;
    private final double[] scratch;
    private final double[] own;
    private final double[] peak;
    private final Aggregate agg;
    private final double[] forecast;
    private final boolean[] valid;
    private final boolean unmeasuredGuests;

    Forecasts(ClusterModel model, ForecastSettings settings) {
        this.model = model;
        this.w = settings.window();
        this.qIndex = Math.max(0, Math.min(w - 1, (int) Math.ceil(settings.quantile() * w) - 1));
        this.scratch = new double[w];
        int ng = model.guestCount();
        own = new double[ng];
        peak = new double[ng];
        double[][] vectors = new double[ng][];
        boolean unmeasured = false;
        for (int g = 0; g < ng; g++) {
            double[] tail = model.history(g).tail(w);
            double[] v = new double[w];
            int missing = w - tail.length;
            double max = 0;
            for (double x : tail) {
                max = Math.max(max, x);
            }
            double pad = max * (1 + settings.youngMargin() * missing);
            for (int i = 0; i < w; i++) {
                v[i] = i < missing ? pad : Math.max(0, tail[i - missing]);
            }
            vectors[g] = v;
            peak[g] = Math.max(max, pad);
            own[g] = Math.max(model.demand(g), quantileOf(v));
            unmeasured |= !model.measured(g);
        }
        this.unmeasuredGuests = unmeasured;
        this.agg = model.aggregate(w, g -> vectors[g]);
        forecast = new double[model.hostCount()];
        valid = new boolean[model.hostCount()];
    }

    /** Whether some guest has no demand samples at all. */
    boolean unmeasuredGuests() {
        return unmeasuredGuests;
    }

    /** The guest's own forecast: the larger of its demand now and the quantile of its window. */
    double own(int g) {
        return own[g];
    }

    /** The guest's highest demand over the window (young guests: padded). */
    double peak(int g) {
        return peak[g];
    }

    /** The host's forecast as the model places guests now. */
    double of(int h) {
        if (!valid[h]) {
            forecast[h] = model.guestCount(h) == 0 ? 0 : Math.max(model.demandOn(h), quantileOf(agg.sum(h)));
            valid[h] = true;
        }
        return forecast[h];
    }

    /** The host's forecast with guest {@code g} added (-1: as it is). */
    double with(int h, int g) {
        if (g < 0) {
            return of(h);
        }
        agg.sumWith(h, g, scratch);
        return Math.max(model.demandOn(h) + model.demand(g), quantileInPlace(scratch));
    }

    /** The host's forecast with guest {@code g} gone. */
    double without(int h, int g) {
        if (model.guestCount(h) <= 1) {
            return 0;
        }
        agg.sumWithout(h, g, scratch);
        return Math.max(model.demandOn(h) - model.demand(g), quantileInPlace(scratch));
    }

    /** The host's guests changed in the model: its forecast is computed again when next asked. */
    void invalidate(int h) {
        valid[h] = false;
    }

    private double quantileOf(double[] v) {
        System.arraycopy(v, 0, scratch, 0, w);
        return quantileInPlace(scratch);
    }

    private double quantileInPlace(double[] values) {
        Arrays.sort(values, 0, w);
        return values[qIndex];
    }
}
