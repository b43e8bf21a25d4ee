package org.attune.driver.libvirt.internal.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.attune.api.PowerProfile;

/**
 * The power keys of a host configuration: a curve ({@code idleWatts} + {@code maxWatts}, or an 11-point
 * {@code powerTable}) and optional transitions ({@code bootTime}, {@code bootWatts}, {@code shutdownTime},
 * {@code shutdownWatts}; whole seconds like the file's timeouts). No key at all: {@link PowerProfile#UNKNOWN}.
 */
final class PowerKeys {

    /** Far above any server; a bigger figure is a typo (kW for W, an extra digit). */
    static final double MAX_WATTS = 100_000;
    static final long MAX_TRANSITION_SECONDS = 3600;
    static final int TABLE_POINTS = 11;

    private static final Pattern WHOLE_SECONDS = Pattern.compile("[0-9]{1,9}");

    private PowerKeys() {
    }

    /**
     * @param problems receives one entry per bad key, naming it and its allowed range
     * @return the profile, or null when a problem was added
     */
    static PowerProfile parse(LibvirtHostConfiguration c, List<String> problems) {
        int before = problems.size();
        String idle = text(c.idleWatts());
        String max = text(c.maxWatts());
        String table = text(c.powerTable());
        String bootTime = text(c.bootTime());
        String bootWatts = text(c.bootWatts());
        String shutdownTime = text(c.shutdownTime());
        String shutdownWatts = text(c.shutdownWatts());

        PowerProfile curve = null;
        if (!table.isEmpty()) {
            if (!idle.isEmpty() || !max.isEmpty()) {
                problems.add("set either powerTable or idleWatts/maxWatts, not both");
            }
            curve = table(table, problems);
        } else if (!idle.isEmpty() || !max.isEmpty()) {
            if (idle.isEmpty() || max.isEmpty()) {
                problems.add("idleWatts and maxWatts go together: set both (watts at 0 and 100 % CPU, 0-"
                        + format(MAX_WATTS) + "), or powerTable");
            } else {
                double i = watts("idleWatts", idle, problems);
                double m = watts("maxWatts", max, problems);
                if (i >= 0 && m >= 0) {
                    if (m < i) {
                        problems.add("maxWatts (" + max + ") must not be below idleWatts (" + idle + ")");
                    } else {
                        curve = PowerProfile.linear(i, m);
                    }
                }
            }
        }
        boolean curveKeys = !table.isEmpty() || !idle.isEmpty() || !max.isEmpty();
        boolean transitionKeys = !(bootTime.isEmpty() && bootWatts.isEmpty() && shutdownTime.isEmpty()
                && shutdownWatts.isEmpty());
        if (transitionKeys && !curveKeys) {
            problems.add("bootTime, bootWatts, shutdownTime and shutdownWatts need a power curve: set idleWatts and "
                    + "maxWatts, or powerTable");
        }
        Duration boot = seconds("bootTime", bootTime, problems);
        Duration shutdown = seconds("shutdownTime", shutdownTime, problems);
        // Unset transition watts: the idle figure, what a host draws before its OS runs guests.
        double bootW = bootWatts.isEmpty() ? Double.NaN : watts("bootWatts", bootWatts, problems);
        double shutdownW = shutdownWatts.isEmpty() ? Double.NaN : watts("shutdownWatts", shutdownWatts, problems);
        if (problems.size() > before) {
            return null;
        }
        if (curve == null) {
            return PowerProfile.UNKNOWN;
        }
        return curve.withBoot(boot, Double.isNaN(bootW) ? curve.idleWatts() : bootW)
                .withShutdown(shutdown, Double.isNaN(shutdownW) ? curve.idleWatts() : shutdownW);
    }

    private static PowerProfile table(String csv, List<String> problems) {
        String[] parts = csv.split(",", -1);
        if (parts.length != TABLE_POINTS) {
            problems.add("powerTable needs " + TABLE_POINTS + " comma-separated watts (at 0, 10, ..., 100 % CPU, each 0-"
                    + format(MAX_WATTS) + "), had " + parts.length);
            return null;
        }
        for (String part : parts) {
            double w = number(part.trim());
            if (!(w >= 0 && w <= MAX_WATTS)) {
                problems.add("powerTable value '" + part.trim() + "' must be watts from 0 to " + format(MAX_WATTS));
                return null;
            }
        }
        try {
            return PowerProfile.parseTable(csv);
        } catch (IllegalArgumentException e) {
            problems.add("powerTable: " + e.getMessage());
            return null;
        }
    }

    /** @return the watts, or -1 after adding a problem */
    private static double watts(String key, String text, List<String> problems) {
        double w = number(text);
        if (!(w >= 0 && w <= MAX_WATTS)) {
            problems.add(key + " must be watts from 0 to " + format(MAX_WATTS) + ", was '" + text + "'");
            return -1;
        }
        return w;
    }

    private static Duration seconds(String key, String text, List<String> problems) {
        if (text.isEmpty()) {
            return Duration.ZERO;
        }
        if (!WHOLE_SECONDS.matcher(text).matches() || Long.parseLong(text) > MAX_TRANSITION_SECONDS) {
            problems.add(key + " must be whole seconds from 0 to " + MAX_TRANSITION_SECONDS + ", was '" + text + "'");
            return Duration.ZERO;
        }
        return Duration.ofSeconds(Long.parseLong(text));
    }

    /** NaN for anything that is not a plain decimal number (so "Infinity", "NaN" and "0x10" are refused too). */
    private static double number(String text) {
        if (!text.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
            return Double.NaN;
        }
        return Double.parseDouble(text);
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    private static String format(double watts) {
        return watts == Math.rint(watts) ? Long.toString((long) watts) : Double.toString(watts);
    }
}
