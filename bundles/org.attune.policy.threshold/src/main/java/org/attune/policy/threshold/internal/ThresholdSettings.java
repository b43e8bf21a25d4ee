package org.attune.policy.threshold.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Validated settings of the threshold policy. Immutable.
 *
 * @param high                 demand share above which a host is hot
 * @param low                  demand share below which a host is cold
 * @param sustainCycles        cycles a host must stay hot/cold before the policy acts
 * @param consolidationCeiling highest share a host may reach by receiving guests during consolidation
 */
public record ThresholdSettings(double high, double low, int sustainCycles, double consolidationCeiling) {

    /** @throws IllegalArgumentException naming every inconsistent value */
    public ThresholdSettings {
        List<String> problems = new ArrayList<>();
        if (!(high > 0)) {
            problems.add("highThreshold must be > 0, was " + high);
        }
        if (!(low >= 0) || !(low < high)) {
            problems.add("lowThreshold must be >= 0 and below highThreshold (" + high + "), was " + low);
        }
        if (sustainCycles < 1) {
            problems.add("sustainCycles must be >= 1, was " + sustainCycles);
        }
        if (!(consolidationCeiling > low) || !(consolidationCeiling <= high)) {
            problems.add("consolidationCeiling must be above lowThreshold (" + low + ") and at most highThreshold ("
                    + high + "), was " + consolidationCeiling);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.policy.threshold: "
                    + String.join("; ", problems));
        }
    }

    static ThresholdSettings from(ThresholdConfiguration c) {
        return new ThresholdSettings(c.highThreshold(), c.lowThreshold(), c.sustainCycles(), c.consolidationCeiling());
    }

    public static ThresholdSettings defaults() {
        return new ThresholdSettings(0.8, 0.3, 3, 0.6);
    }
}
