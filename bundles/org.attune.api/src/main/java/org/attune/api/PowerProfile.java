package org.attune.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * How a host draws power: watts at evenly spaced CPU utilisation points from 0 to 100 % (2 points: linear between
 * idle and maximum; 11 points: a SPECpower table), linear in between, and what switching it on and off costs
 * (duration and the watts drawn meanwhile). The one power model of a host: drivers report it on the
 * {@link Host}, configured once with the host; policies, the simulator and the benchmark read it from there.
 * Immutable, thread-safe; {@link #watts(double)} does not allocate.
 */
public final class PowerProfile {

    /**
     * The profile of a host whose power was not configured: linear 100-200 W, instant transitions. It keeps power-aware
     * policies working on relative terms; {@link #known()} is false so that status can say the figures are not real.
     */
    public static final PowerProfile UNKNOWN = new PowerProfile(new double[] {100, 200}, Duration.ZERO, 0,
            Duration.ZERO, 0, false);

    private final double[] watts;
    private final Duration bootTime;
    private final double bootWatts;
    private final Duration shutdownTime;
    private final double shutdownWatts;
    private final boolean known;
    private final double minSlope;

    private PowerProfile(double[] watts, Duration bootTime, double bootWatts, Duration shutdownTime,
                         double shutdownWatts, boolean known) {
        if (watts.length < 2) {
            throw new IllegalArgumentException("a power profile needs at least 2 points (idle and maximum watts), had "
                    + watts.length);
        }
        for (double w : watts) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("power values must be finite and >= 0 watts: " + Arrays.toString(watts));
            }
        }
        Objects.requireNonNull(bootTime, "bootTime");
        Objects.requireNonNull(shutdownTime, "shutdownTime");
        if (bootTime.isNegative() || shutdownTime.isNegative()) {
            throw new IllegalArgumentException("boot and shutdown times must not be negative, were " + bootTime + ", "
                    + shutdownTime);
        }
        if (!(bootWatts >= 0) || !(shutdownWatts >= 0) || Double.isInfinite(bootWatts) || Double.isInfinite(shutdownWatts)) {
            throw new IllegalArgumentException("boot and shutdown watts must be finite and >= 0, were " + bootWatts
                    + ", " + shutdownWatts);
        }
        this.watts = watts;
        this.bootTime = bootTime;
        this.bootWatts = bootWatts;
        this.shutdownTime = shutdownTime;
        this.shutdownWatts = shutdownWatts;
        this.known = known;
        double min = Double.MAX_VALUE;
        for (int i = 0; i + 1 < watts.length; i++) {
            min = Math.min(min, (watts[i + 1] - watts[i]) * (watts.length - 1));
        }
        this.minSlope = min;
    }

    /**
     * Watts at 0 %, ..., 100 % utilisation, evenly spaced (11 values for a SPECpower table); instant transitions.
     *
     * @throws IllegalArgumentException with fewer than 2 values or a negative or non-finite value
     */
    public static PowerProfile table(double... watts) {
        return new PowerProfile(watts.clone(), Duration.ZERO, 0, Duration.ZERO, 0, true);
    }

    /**
     * Parses a table as configuration files write it: comma-separated watts at 0 %, ..., 100 %, e.g.
     * {@code 86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117}.
     *
     * @throws IllegalArgumentException naming the value that is not a number, or as {@link #table}
     */
    public static PowerProfile parseTable(String csv) {
        String[] parts = csv == null ? new String[0] : csv.split(",");
        double[] w = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                w[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("power table '" + csv + "': '" + parts[i].trim()
                        + "' is not a number of watts");
            }
        }
        return table(w);
    }

    /** Linear from {@code idleWatts} at 0 % to {@code maxWatts} at 100 %; instant transitions. */
    public static PowerProfile linear(double idleWatts, double maxWatts) {
        if (!(maxWatts >= idleWatts)) {
            throw new IllegalArgumentException("maximum power (" + maxWatts + " W) must be at least idle power ("
                    + idleWatts + " W)");
        }
        return table(idleWatts, maxWatts);
    }

    /** This profile with a boot of {@code time} drawing {@code watts} meanwhile. */
    public PowerProfile withBoot(Duration time, double watts) {
        return new PowerProfile(this.watts, time, watts, shutdownTime, shutdownWatts, known);
    }

    /** This profile with a shutdown of {@code time} drawing {@code watts} meanwhile. */
    public PowerProfile withShutdown(Duration time, double watts) {
        return new PowerProfile(this.watts, bootTime, bootWatts, time, watts, known);
    }

    /** Watts at utilisation {@code u}, clamped to 0..1. */
    public double watts(double u) {
        double x = u <= 0 ? 0 : Math.min(u, 1) * (watts.length - 1);
        int i = (int) x;
        if (i >= watts.length - 1) {
            return watts[watts.length - 1];
        }
        return watts[i] + (watts[i + 1] - watts[i]) * (x - i);
    }

    public double idleWatts() {
        return watts[0];
    }

    public double maxWatts() {
        return watts[watts.length - 1];
    }

    /**
     * The smallest slope of the curve in watts per unit of utilisation: {@code watts(b) - watts(a) >= minSlope() *
     * (b - a)} for {@code 0 <= a <= b <= 1}. Lets a search skip hosts that cannot win.
     */
    public double minSlope() {
        return minSlope;
    }

    /** A copy of the points, watts at 0 %, ..., 100 %. */
    public double[] points() {
        return watts.clone();
    }

    public Duration bootTime() {
        return bootTime;
    }

    /** Watts drawn while booting. */
    public double bootWatts() {
        return bootWatts;
    }

    public Duration shutdownTime() {
        return shutdownTime;
    }

    /** Watts drawn while shutting down. */
    public double shutdownWatts() {
        return shutdownWatts;
    }

    /** Energy of one boot, joules. */
    public double bootJoules() {
        return bootWatts * bootTime.toNanos() / 1e9;
    }

    /** Energy of one shutdown, joules. */
    public double shutdownJoules() {
        return shutdownWatts * shutdownTime.toNanos() / 1e9;
    }

    /** False for {@link #UNKNOWN}: the figures are placeholders, not the host's. */
    public boolean known() {
        return known;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PowerProfile p && Arrays.equals(p.watts, watts) && p.bootTime.equals(bootTime)
                && p.bootWatts == bootWatts && p.shutdownTime.equals(shutdownTime) && p.shutdownWatts == shutdownWatts
                && p.known == known;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(watts), bootTime, bootWatts, shutdownTime, shutdownWatts, known);
    }

    @Override
    public String toString() {
        if (!known) {
            return "unknown (assumed linear 100-200 W)";
        }
        StringJoiner j = new StringJoiner(", ", watts.length == 2 ? "linear [" : "table [", "] W");
        for (double w : watts) {
            j.add(String.format(Locale.ROOT, "%s", w));
        }
        return j + String.format(Locale.ROOT, ", boot %s s at %s W, shutdown %s s at %s W", seconds(bootTime), bootWatts,
                seconds(shutdownTime), shutdownWatts);
    }

    private static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
