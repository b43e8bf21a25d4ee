package org.attune.driver.sim.internal.model;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Electrical power of a powered-on host as a function of its CPU utilisation: either linear between idle and
 * maximum, or an 11-point table (watts at 0, 10, ..., 100 % CPU, linear between points) as published by
 * SPECpower and used by CloudSim. Immutable; {@link #watts} is allocation-free.
 */
public final class PowerModel {

    /** Points of a power table: 0, 10, ..., 100 %. */
    public static final int TABLE_POINTS = 11;

    private final double[] table;
    private final boolean linear;

    private PowerModel(double[] table, boolean linear) {
        this.table = table;
        this.linear = linear;
    }

    /**
     * @throws IllegalArgumentException when a value is negative or {@code maxWatts < idleWatts}
     */
    public static PowerModel linear(double idleWatts, double maxWatts) {
        if (!(idleWatts >= 0) || Double.isInfinite(idleWatts)) {
            throw new IllegalArgumentException("idle power must be a non-negative number of watts, was " + idleWatts);
        }
        if (!(maxWatts >= idleWatts) || Double.isInfinite(maxWatts)) {
            throw new IllegalArgumentException("maximum power (" + maxWatts + " W) must be at least idle power ("
                    + idleWatts + " W)");
        }
        return new PowerModel(new double[] {idleWatts, maxWatts}, true);
    }

    /**
     * @param watts power at 0, 10, ..., 100 % CPU
     * @throws IllegalArgumentException unless there are exactly 11 non-negative values
     */
    public static PowerModel table(double... watts) {
        if (watts.length != TABLE_POINTS) {
            throw new IllegalArgumentException("a power table needs " + TABLE_POINTS
                    + " values (watts at 0, 10, ..., 100 % CPU), got " + watts.length);
        }
        for (double w : watts) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("power table value " + w + " is not a non-negative number of watts");
            }
        }
        return new PowerModel(watts.clone(), false);
    }

    /** Power at {@code utilization} (clamped to 0..1). */
    public double watts(double utilization) {
        double u = utilization <= 0 ? 0 : Math.min(1, utilization);
        if (linear) {
            return table[0] + (table[1] - table[0]) * u;
        }
        double x = u * (TABLE_POINTS - 1);
        int i = (int) x;
        if (i >= TABLE_POINTS - 1) {
            return table[TABLE_POINTS - 1];
        }
        return table[i] + (table[i + 1] - table[i]) * (x - i);
    }

    /** Power of an idle (or booting, or shutting-down) host. */
    public double idleWatts() {
        return table[0];
    }

    public double maxWatts() {
        return table[table.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PowerModel p && p.linear == linear && Arrays.equals(p.table, table);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(table) * 31 + Boolean.hashCode(linear);
    }

    @Override
    public String toString() {
        if (linear) {
            return "linear " + table[0] + " W idle, " + table[1] + " W max";
        }
        StringJoiner j = new StringJoiner(", ", "table [", "] W");
        for (double w : table) {
            j.add(Double.toString(w));
        }
        return j.toString();
    }
}
