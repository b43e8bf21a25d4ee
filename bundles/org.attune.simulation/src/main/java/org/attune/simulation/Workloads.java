package org.attune.simulation;

import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * The built-in workloads, for code that builds them directly (tests, benchmarks); configuration goes through
 * {@link WorkloadParser}. Every {@code demandAt} here is allocation-free.
 */
public final class Workloads {

    private Workloads() {
    }

    /** Always {@code mips}. */
    public static Workload constant(double mips) {
        return new Constant(nonNegative("constant", mips));
    }

    /** {@code before} until {@code atSeconds}, then {@code after}. */
    public static Workload step(double before, double after, double atSeconds) {
        return new Step(nonNegative("step", before), nonNegative("step", after), atSeconds);
    }

    /** {@code from} until {@code startSeconds}, linear to {@code to} over {@code durationSeconds}, then {@code to}. */
    public static Workload ramp(double from, double to, double startSeconds, double durationSeconds) {
        return new Ramp(nonNegative("ramp", from), nonNegative("ramp", to), startSeconds, durationSeconds);
    }

    /** {@code mean + amplitude * sin(2 pi t / period)}, never below 0. */
    public static Workload sine(double mean, double amplitude, double periodSeconds) {
        if (!(periodSeconds > 0)) {
            throw new IllegalArgumentException("sine: period must be positive, was " + periodSeconds);
        }
        return new Sine(mean, amplitude, periodSeconds);
    }

    /**
     * Piecewise linear between points, the first value before the first point and the last one after the last.
     *
     * @param timesSeconds  strictly increasing
     * @param mips          one value per time
     * @param repeatSeconds when positive, the pattern restarts every {@code repeatSeconds} (at least the last time);
     *                      0 for no repetition
     */
    public static Workload points(double[] timesSeconds, double[] mips, double repeatSeconds) {
        if (timesSeconds.length == 0 || timesSeconds.length != mips.length) {
            throw new IllegalArgumentException("points: need at least one time=value point");
        }
        for (int i = 0; i < timesSeconds.length; i++) {
            nonNegative("points", mips[i]);
            if (i > 0 && !(timesSeconds[i] > timesSeconds[i - 1])) {
                throw new IllegalArgumentException("points: times must increase, but " + Durations.format(timesSeconds[i])
                        + " follows " + Durations.format(timesSeconds[i - 1]));
            }
        }
        double last = timesSeconds[timesSeconds.length - 1];
        if (repeatSeconds < 0 || (repeatSeconds > 0 && repeatSeconds < last)) {
            throw new IllegalArgumentException("points: repeat=" + Durations.format(repeatSeconds)
                    + " must be at least the last point's time " + Durations.format(last));
        }
        return new Points(timesSeconds.clone(), mips.clone(), repeatSeconds);
    }

    /**
     * Piecewise constant: {@code mips[i]} during the i-th interval; the trace repeats after its end.
     *
     * @param description what {@code toString()} returns (the parser passes the spec, e.g.
     *                    {@code trace /data/vm1 mips=2500 interval=300s})
     */
    public static Workload trace(double[] mips, double intervalSeconds, String description) {
        return trace(mips, intervalSeconds, 0, true, description);
    }

    /**
     * Piecewise constant, shifted: {@code mips[0]} until {@code offset + interval}, then {@code mips[i]} during
     * {@code [offset + i * interval, offset + (i + 1) * interval)}.
     *
     * @param repeat true: the trace starts again after its end; false: its last value holds
     */
    public static Workload trace(double[] mips, double intervalSeconds, double offsetSeconds, boolean repeat,
                                 String description) {
        if (mips.length == 0) {
            throw new IllegalArgumentException(description + ": no values");
        }
        if (!(intervalSeconds > 0)) {
            throw new IllegalArgumentException(description + ": interval must be positive");
        }
        for (double v : mips) {
            nonNegative("trace", v);
        }
        if (!(offsetSeconds >= 0) || Double.isInfinite(offsetSeconds)) {
            throw new IllegalArgumentException(description + ": offset must not be negative");
        }
        return new Trace(mips.clone(), intervalSeconds, offsetSeconds, repeat, description);
    }

    /** The sum of the terms' demands. */
    public static Workload sum(List<Workload> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("sum: no terms");
        }
        return terms.size() == 1 ? terms.get(0) : new Sum(terms.toArray(new Workload[0]));
    }

    private static double nonNegative(String kind, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(kind + ": demand must be a non-negative number, was " + v);
        }
        return v;
    }

    public static String num(double v) {
        return Durations.trim(v);
    }

    static final class Constant implements Workload {
        private final double mips;

        Constant(double mips) {
            this.mips = mips;
        }

        @Override
        public double demandAt(double t) {
            return mips;
        }

        @Override
        public double nextChange(double t) {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public String toString() {
            return "constant " + num(mips);
        }
    }

    static final class Step implements Workload {
        private final double before;
        private final double after;
        private final double at;

        Step(double before, double after, double at) {
            this.before = before;
            this.after = after;
            this.at = at;
        }

        @Override
        public double demandAt(double t) {
            return t < at ? before : after;
        }

        @Override
        public double nextChange(double t) {
            return t < at ? at : Double.POSITIVE_INFINITY;
        }

        @Override
        public String toString() {
            return "step " + num(before) + " " + num(after) + " at=" + Durations.format(at);
        }
    }

    static final class Ramp implements Workload {
        private final double from;
        private final double to;
        private final double start;
        private final double duration;

        Ramp(double from, double to, double start, double duration) {
            this.from = from;
            this.to = to;
            this.start = start;
            this.duration = duration;
        }

        @Override
        public double demandAt(double t) {
            if (t <= start) {
                return t < start || duration > 0 ? from : to;
            }
            if (t >= start + duration) {
                return to;
            }
            return from + (to - from) * (t - start) / duration;
        }

        @Override
        public double nextChange(double t) {
            if (t < start) {
                return start;
            }
            return t >= start + duration ? Double.POSITIVE_INFINITY : Double.NaN;
        }

        @Override
        public String toString() {
            return "ramp " + num(from) + " " + num(to) + " start=" + Durations.format(start)
                    + " duration=" + Durations.format(duration);
        }
    }

    static final class Sine implements Workload {
        private final double mean;
        private final double amplitude;
        private final double period;

        Sine(double mean, double amplitude, double period) {
            this.mean = mean;
            this.amplitude = amplitude;
            this.period = period;
        }

        @Override
        public double demandAt(double t) {
            return Math.max(0, mean + amplitude * Math.sin(2 * Math.PI * t / period));
        }

        @Override
        public String toString() {
            return "sine mean=" + num(mean) + " amplitude=" + num(amplitude) + " period=" + Durations.format(period);
        }
    }

    static final class Points implements Workload {
        private final double[] times;
        private final double[] values;
        private final double repeat;

        Points(double[] times, double[] values, double repeat) {
            this.times = times;
            this.values = values;
            this.repeat = repeat;
        }

        @Override
        public double demandAt(double t) {
            if (repeat > 0) {
                t = t % repeat;
            }
            int n = times.length;
            if (t <= times[0]) {
                return values[0];
            }
            if (t >= times[n - 1]) {
                return values[n - 1];
            }
            // Binary search for the segment [times[i], times[i+1]) holding t.
            int lo = 0;
            int hi = n - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] <= t) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double f = (t - times[lo]) / (times[hi] - times[lo]);
            return values[lo] + (values[hi] - values[lo]) * f;
        }

        @Override
        public String toString() {
            StringJoiner j = new StringJoiner(" ", "points ", "");
            for (int i = 0; i < times.length; i++) {
                j.add(Durations.format(times[i]) + "=" + num(values[i]));
            }
            if (repeat > 0) {
                j.add("repeat=" + Durations.format(repeat));
            }
            return j.toString();
        }
    }

    static final class Trace implements Workload {
        private final double[] mips;
        private final double interval;
        private final double offset;
        private final boolean repeat;
        private final String description;

        Trace(double[] mips, double interval, double offset, boolean repeat, String description) {
            this.mips = mips;
            this.interval = interval;
            this.offset = offset;
            this.repeat = repeat;
            this.description = description;
        }

        private long index(double t) {
            return (long) Math.floor(Math.max(0, t - offset) / interval);
        }

        @Override
        public double demandAt(double t) {
            long i = index(t);
            return mips[(int) (repeat ? i % mips.length : Math.min(i, mips.length - 1))];
        }

        @Override
        public double nextChange(double t) {
            long i = index(t) + 1;
            if (!repeat && i >= mips.length) {
                return Double.POSITIVE_INFINITY;
            }
            double next = offset + i * interval;
            // Rounding may put the boundary at or before t: never hand back a time that is not later.
            return next > t ? next : offset + (i + 1) * interval;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static final class Sum implements Workload {
        private final Workload[] terms;

        Sum(Workload[] terms) {
            this.terms = terms;
        }

        @Override
        public double demandAt(double t) {
            double sum = 0;
            for (Workload w : terms) {
                sum += w.demandAt(t);
            }
            return sum;
        }

        @Override
        public double nextChange(double t) {
            double next = Double.POSITIVE_INFINITY;
            for (Workload w : terms) {
                double n = w.nextChange(t);
                if (Double.isNaN(n)) {
                    return Double.NaN;
                }
                next = Math.min(next, n);
            }
            return next;
        }

        @Override
        public String toString() {
            StringJoiner j = new StringJoiner(" + ");
            Arrays.stream(terms).forEach(w -> j.add(w.toString()));
            return j.toString();
        }
    }
}
