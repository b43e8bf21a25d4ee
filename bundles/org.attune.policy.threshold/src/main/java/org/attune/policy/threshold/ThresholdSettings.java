package org.attune.policy.threshold;

import java.util.ArrayList;
import java.util.List;

/**
 * Validated settings of the threshold policy. Immutable. The OSGi component builds them from its configuration
 * (PID {@code org.attune.policy.threshold}); tests, tools and the benchmark build them directly.
 *
 * @param high                 demand share above which a host is hot
 * @param low                  demand share below which a host is cold
 * @param sustainCycles        cycles a host must stay hot/cold before the policy acts
 * @param consolidationCeiling highest share a host may reach by receiving guests during consolidation
 * @param tier                 the tier rule, {@link TierRule#NONE} for none
 */
public record ThresholdSettings(double high, double low, int sustainCycles, double consolidationCeiling,
                                TierRule tier) {

    /** Settings without a tier rule. */
    public ThresholdSettings(double high, double low, int sustainCycles, double consolidationCeiling) {
        this(high, low, sustainCycles, consolidationCeiling, TierRule.NONE);
    }

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
        tier = tier == null ? TierRule.NONE : tier;
        problems.addAll(tier.problems());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.policy.threshold: "
                    + String.join("; ", problems));
        }
    }

    public static ThresholdSettings defaults() {
        return new ThresholdSettings(0.8, 0.3, 3, 0.6);
    }
}
