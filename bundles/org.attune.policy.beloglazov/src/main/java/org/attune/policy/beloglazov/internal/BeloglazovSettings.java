package org.attune.policy.beloglazov.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validated settings of one Beloglazov policy variant. Immutable.
 *
 * @param name               the variant's name, its {@code attune.policy.name}
 * @param detection          host-overload detection method
 * @param parameter          THR: the threshold; IQR/MAD: the safety factor s of 1 - s*spread; LR/LRR: the safety
 *                           factor s of s * predicted &gt;= 1
 * @param fallbackThreshold  static threshold used while a host's history is too short (CloudSim: 0.7)
 * @param regressionHorizon  LR/LRR predict this many periods after the newest sample (CloudSim:
 *                           ceil(longest migration / period), which is 1 in the reference setup)
 * @param cloudsimCompatible reproduce CloudSim 3.0.3's behaviour, quirks included (see README)
 * @param powerModels        per-host power tables, first matching pattern wins
 * @param defaultPower       model of hosts that match no pattern
 */
public record BeloglazovSettings(String name, Detection detection, double parameter, double fallbackThreshold,
                                 int regressionHorizon, boolean cloudsimCompatible, List<HostPower> powerModels,
                                 PowerModel defaultPower) {

    /** Samples of history IQR and MAD need (CloudSim: 12). */
    public static final int SPREAD_MIN_HISTORY = 12;
    /** Samples LR and LRR regress over (CloudSim: 10). */
    public static final int REGRESSION_LENGTH = 10;
    /** Samples of guest history used at most (CloudSim's PowerVm.HISTORY_LENGTH). */
    public static final int HISTORY_LENGTH = 30;

    /** A power model for the hosts whose name (or id) matches {@code pattern}. */
    public record HostPower(Pattern pattern, PowerModel model) {

        /** Parses {@code REGEX=w0,w10,...,w100}. */
        public static HostPower parse(String entry) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("powerModels entry must be REGEX=w0,...,w100; was " + entry);
            }
            try {
                return new HostPower(Pattern.compile(entry.substring(0, eq).trim()),
                        PowerModel.parse(entry.substring(eq + 1)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("powerModels entry " + entry + ": bad pattern: " + e.getDescription());
            }
        }

        boolean matches(String hostName, String hostId) {
            return pattern.matcher(hostName).matches() || pattern.matcher(hostId).matches();
        }
    }

    /** @throws IllegalArgumentException naming every inconsistent value */
    public BeloglazovSettings {
        powerModels = List.copyOf(powerModels);
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("name must not be empty");
        }
        if (detection == null) {
            problems.add("detection must be one of thr, iqr, mad, lr, lrr");
        }
        if (!(parameter > 0) || Double.isInfinite(parameter)) {
            problems.add("parameter must be > 0, was " + parameter);
        }
        if (!(fallbackThreshold > 0)) {
            problems.add("fallbackThreshold must be > 0, was " + fallbackThreshold);
        }
        if (regressionHorizon < 1) {
            problems.add("regressionHorizon must be >= 1, was " + regressionHorizon);
        }
        if (defaultPower == null) {
            problems.add("a default power model is required");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.policy.beloglazov ("
                    + name + "): " + String.join("; ", problems));
        }
    }

    /** A variant with CloudSim's reference values for everything but detection and parameter. */
    public static BeloglazovSettings of(String name, Detection detection, double parameter) {
        return new BeloglazovSettings(name, detection, parameter, 0.7, 1, false, List.of(),
                PowerModel.linear(100, 200));
    }

    public BeloglazovSettings withCloudsimCompatible(boolean value) {
        return new BeloglazovSettings(name, detection, parameter, fallbackThreshold, regressionHorizon, value,
                powerModels, defaultPower);
    }

    public BeloglazovSettings withPowerModels(List<HostPower> value) {
        return new BeloglazovSettings(name, detection, parameter, fallbackThreshold, regressionHorizon,
                cloudsimCompatible, value, defaultPower);
    }

    static BeloglazovSettings from(BeloglazovConfiguration c) {
        List<HostPower> models = new ArrayList<>();
        for (String value : c.powerModels()) {
            // A .cfg file holds one string: entries are separated by ';' there.
            for (String entry : value == null ? new String[0] : value.split(";")) {
                if (!entry.isBlank()) {
                    models.add(HostPower.parse(entry.trim()));
                }
            }
        }
        return new BeloglazovSettings(c.name(), Detection.parse(c.detection()), c.parameter(), c.fallbackThreshold(),
                c.regressionHorizon(), c.cloudsimCompatible(), models,
                PowerModel.linear(c.defaultIdleWatts(), c.defaultMaxWatts()));
    }

    /** The power model of a host. */
    public PowerModel powerOf(String hostName, String hostId) {
        for (HostPower p : powerModels) {
            if (p.matches(hostName, hostId)) {
                return p.model();
            }
        }
        return defaultPower;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %s %s, fallback %s, horizon %d%s, %d power models", name,
                detection.name().toLowerCase(Locale.ROOT), parameter, fallbackThreshold, regressionHorizon,
                cloudsimCompatible ? ", cloudsim-compatible" : "", powerModels.size());
    }
}
