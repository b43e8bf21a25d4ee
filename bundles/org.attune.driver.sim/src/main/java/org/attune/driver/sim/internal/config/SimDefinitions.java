package org.attune.driver.sim.internal.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.attune.api.PowerProfile;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.simulation.Durations;
import org.attune.driver.sim.internal.workload.WorkloadParser;

/**
 * Turns typed configurations into validated definitions: the one conversion shared by the OSGi components and
 * {@link SimScenario}, so that a configuration means the same thing in Karaf, in tests and in benchmarks.
 * Never throws on bad input: a bad value becomes a problem naming the configuration and the attribute.
 */
public final class SimDefinitions {

    /** PID of the driver configuration, also the driver component's name. */
    public static final String DRIVER_PID = "org.attune.driver.sim";
    /** Factory PID of host configurations, also the host component's name. */
    public static final String HOST_PID = "org.attune.driver.sim.host";
    /** Factory PID of guest configurations, also the guest component's name. */
    public static final String GUEST_PID = "org.attune.driver.sim.guest";

    private SimDefinitions() {
    }

    /**
     * @param source      the configuration, as problems name it (e.g. {@code host config org.attune.driver.sim.host~h1})
     * @param defaultName the name to use when the configuration gives none (its factory name), may be ""
     */
    public static Definition<HostSpec> host(String source, String defaultName, HostConfiguration c) {
        try {
            String name = read("name", c::name);
            name = name == null || name.isBlank() ? defaultName : name;
            HostSpec spec = new HostSpec(name, read("cpus", c::cpus), read("coreMips", c::coreMips),
                    read("memoryMiB", c::memoryMiB), read("bandwidthMiBps", c::bandwidthMiBps), powerProfile(c),
                    read("poweredOn", c::poweredOn));
            return Definition.valid(source, spec);
        } catch (RuntimeException e) {
            return Definition.invalid(source, source + ": " + e.getMessage());
        }
    }

    /**
     * @param parser parses the workload (and reads trace files, so call it where blocking briefly is fine)
     */
    public static Definition<GuestSpec> guest(String source, String defaultName, GuestConfiguration c,
                                              WorkloadParser parser) {
        try {
            String name = read("name", c::name);
            name = name == null || name.isBlank() ? defaultName : name;
            String uuidText = read("uuid", c::uuid);
            UUID uuid = null;
            if (uuidText != null && !uuidText.isBlank()) {
                try {
                    uuid = UUID.fromString(uuidText.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("uuid '" + uuidText + "' is not a UUID");
                }
            }
            String workload = read("workload", c::workload);
            GuestSpec spec = new GuestSpec(name, uuid, read("vcpus", c::vcpus), read("memoryMiB", c::memoryMiB),
                    read("mac", c::mac), read("tier", c::tier), labels(read("labels", c::labels)), read("host", c::host),
                    read("dirtyRateMiBps", c::dirtyRateMiBps), parser.parse(workload));
            return Definition.valid(source, spec);
        } catch (RuntimeException e) {
            return Definition.invalid(source, source + ": " + e.getMessage());
        }
    }

    /**
     * A guest's definition and what it sends to its peers.
     *
     * @param definition the guest, or why it is invalid
     * @param traffic    bytes per second it sends to each peer, by peer name; empty when none or invalid
     */
    public record GuestWithTraffic(Definition<GuestSpec> definition, Map<String, Double> traffic) {
    }

    /**
     * {@link #guest} and the guest's {@code traffic} key: a traffic value that cannot be read makes the guest invalid,
     * like any other bad value.
     */
    public static GuestWithTraffic guestWithTraffic(String source, String defaultName, GuestConfiguration c,
                                                    WorkloadParser parser) {
        Definition<GuestSpec> d = guest(source, defaultName, c, parser);
        try {
            return new GuestWithTraffic(d, Map.copyOf(TrafficParser.parse(read("traffic", c::traffic))));
        } catch (IllegalArgumentException e) {
            return new GuestWithTraffic(Definition.invalid(source, source + ": " + e.getMessage()), Map.of());
        }
    }

    /**
     * The driver settings; a bad value falls back to its default and adds a problem to {@code problems}.
     */
    public static DriverSettings driver(SimDriverConfiguration c, List<String> problems) {
        String id = orDefault(problems, "id", c::id, SimCluster.DEFAULT_ID);
        if (id == null || id.isBlank()) {
            problems.add("id must not be blank; using '" + SimCluster.DEFAULT_ID + "'");
            id = SimCluster.DEFAULT_ID;
        }
        double speedup = orDefault(problems, "speedup", c::speedup, 1.0);
        if (!(speedup > 0) || Double.isInfinite(speedup)) {
            problems.add("speedup must be positive, was " + speedup + "; using 1");
            speedup = 1;
        }
        long tick = orDefault(problems, "tickMillis", c::tickMillis, 250L);
        if (tick < 1) {
            problems.add("tickMillis must be at least 1, was " + tick + "; using 250");
            tick = 250;
        }
        String clockText = orDefault(problems, "clock", c::clock, "scaled");
        DriverSettings.Clock clock;
        switch (clockText == null ? "" : clockText.trim().toLowerCase(Locale.ROOT)) {
            case "virtual":
                clock = DriverSettings.Clock.VIRTUAL;
                break;
            case "scaled":
                clock = DriverSettings.Clock.SCALED;
                break;
            default:
                problems.add("clock '" + clockText + "' is neither scaled nor virtual; using scaled");
                clock = DriverSettings.Clock.SCALED;
        }
        Duration maxStep;
        try {
            maxStep = duration("maxStep", c::maxStep);
            if (maxStep.isZero()) {
                throw new IllegalArgumentException("maxStep must be positive");
            }
        } catch (RuntimeException e) {
            problems.add(e.getMessage() + "; using " + Durations.format(Durations.seconds(SimCluster.DEFAULT_MAX_STEP)));
            maxStep = SimCluster.DEFAULT_MAX_STEP;
        }
        return new DriverSettings(id.trim(), speedup, Duration.ofMillis(tick), clock, maxStep);
    }

    /**
     * The host's power profile: the curve from {@code powerTable} or {@code idleWatts}/{@code maxWatts}, the boot and
     * shutdown durations, and the watts drawn meanwhile (by default the curve's idle watts).
     */
    static PowerProfile powerProfile(HostConfiguration c) {
        String table = read("powerTable", c::powerTable);
        PowerProfile curve;
        if (table != null && !table.isBlank()) {
            curve = powerTable(table);
        } else {
            double idle = watts("idleWatts", read("idleWatts", c::idleWatts));
            double max = read("maxWatts", c::maxWatts);
            if (!(max >= idle) || Double.isInfinite(max)) {
                throw new IllegalArgumentException("maxWatts must be a number of watts >= idleWatts (" + idle
                        + " W), was " + max);
            }
            curve = PowerProfile.linear(idle, max);
        }
        Duration boot = duration("bootTime", c::bootTime);
        Duration shutdown = duration("shutdownTime", c::shutdownTime);
        double bootWatts = optionalWatts("bootWatts", read("bootWatts", c::bootWatts), curve.idleWatts());
        double shutdownWatts = optionalWatts("shutdownWatts", read("shutdownWatts", c::shutdownWatts),
                curve.idleWatts());
        return curve.withBoot(boot, bootWatts).withShutdown(shutdown, shutdownWatts);
    }

    private static PowerProfile powerTable(String table) {
        String[] parts = table.split(",");
        if (parts.length < 2) {
            throw new IllegalArgumentException("powerTable needs at least 2 comma-separated watts (at 0 % ... 100 % "
                    + "CPU, evenly spaced; 11 for a SPECpower table), had " + parts.length);
        }
        double[] watts = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            try {
                watts[i] = Double.parseDouble(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("powerTable: '" + part + "' is not a number of watts");
            }
            if (!(watts[i] >= 0) || Double.isInfinite(watts[i])) {
                throw new IllegalArgumentException("powerTable: '" + part + "' is not a number of watts >= 0");
            }
        }
        return PowerProfile.table(watts);
    }

    private static double watts(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be a number of watts >= 0, was " + value);
        }
        return value;
    }

    /** Watts from an optional text value; blank means {@code fallback}. */
    private static double optionalWatts(String key, String text, double fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text.trim() + "' is not a number of watts (leave it empty "
                    + "for the idle watts)");
        }
        return watts(key, value);
    }

    /** Parses {@code key=value} pairs separated by commas. */
    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return labels;
        }
        for (String pair : text.split(",")) {
            String p = pair.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("labels: '" + p + "' is not a key=value pair");
            }
            labels.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return labels;
    }

    private static Duration duration(String key, Supplier<String> accessor) {
        String text = read(key, accessor);
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    /**
     * Reads one attribute. DS (and {@link TypedConfig}) report a value that does not convert to the attribute's
     * type only when it is read; this turns that into a message naming the attribute.
     */
    static <T> T read(String key, Supplier<T> accessor) {
        try {
            return accessor.get();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            throw new IllegalArgumentException(key + ": invalid value (" + why + ")", e);
        }
    }

    private static <T> T orDefault(List<String> problems, String key, Supplier<T> accessor, T fallback) {
        try {
            return read(key, accessor);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage() + "; using " + fallback);
            return fallback;
        }
    }
}
