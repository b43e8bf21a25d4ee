package org.attune.policy.beloglazov;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validated settings of one Beloglazov policy variant. Immutable. Hosts' power curves come from their
 * {@link org.attune.api.PowerProfile} (configured once, with the host), not from here.
 *
 * @param name               the variant's name, its {@code attune.policy.name}
 * @param detection          host-overload detection method
 * @param parameter          THR: the threshold; IQR/MAD: the safety factor s of 1 - s*spread; LR/LRR: the safety
 *                           factor s of s * predicted &gt;= 1
 * @param fallbackThreshold  static threshold used while a host's history is too short (CloudSim: 0.7)
 * @param regressionHorizon  LR/LRR predict this many periods after the newest sample (CloudSim:
 *                           ceil(longest migration / period), which is 1 in the reference setup)
 * @param cloudsimCompatible reproduce CloudSim 3.0.3's behaviour, quirks included (see README); no power actions
 */
public record BeloglazovSettings(String name, Detection detection, double parameter, double fallbackThreshold,
                                 int regressionHorizon, boolean cloudsimCompatible) {

    /** Samples of history IQR and MAD need (CloudSim: 12). */
    public static final int SPREAD_MIN_HISTORY = 12;
    /** Samples LR and LRR regress over (CloudSim: 10). */
    public static final int REGRESSION_LENGTH = 10;
    /** Samples of guest history used at most (CloudSim's PowerVm.HISTORY_LENGTH). */
    public static final int HISTORY_LENGTH = 30;

    /** @throws IllegalArgumentException naming every inconsistent value */
    public BeloglazovSettings {
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
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.policy.beloglazov ("
                    + name + "): " + String.join("; ", problems));
        }
    }

    /** A variant with CloudSim's reference values for everything but detection and parameter. */
    public static BeloglazovSettings of(String name, Detection detection, double parameter) {
        return new BeloglazovSettings(name, detection, parameter, 0.7, 1, false);
    }

    public BeloglazovSettings withCloudsimCompatible(boolean value) {
        return new BeloglazovSettings(name, detection, parameter, fallbackThreshold, regressionHorizon, value);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %s %s, fallback %s, horizon %d%s", name,
                detection.name().toLowerCase(Locale.ROOT), parameter, fallbackThreshold, regressionHorizon,
                cloudsimCompatible ? ", cloudsim-compatible" : "");
    }
}
