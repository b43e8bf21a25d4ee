package org.attune.policy.consolidation;

import java.util.ArrayList;
import java.util.List;

/**
 * Validated settings of the P1 overbooking policy. Immutable. The OSGi component builds them from its factory
 * configuration (PID {@code org.attune.policy.consolidation}); tests, tools and the benchmark build them directly.
 *
 * @param name          the instance's policy name
 * @param historyCycles recent CPU samples that decide activity
 * @param activeShare   peak share of its vCPUs above which a guest is active
 * @param cpuCeiling    share of a host's capacity the active guests' peaks may fill
 * @param maxMigrations migrations per plan at most
 */
public record ConsolidationSettings(String name, int historyCycles, double activeShare, double cpuCeiling,
                                    int maxMigrations) {

    /** @throws IllegalArgumentException naming every inconsistent value */
    public ConsolidationSettings {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("attune.policy.name must not be blank");
        }
        if (historyCycles < 1) {
            problems.add("historyCycles must be >= 1, was " + historyCycles);
        }
        if (!(activeShare >= 0) || !(activeShare < 1)) {
            problems.add("activeShare must be in [0, 1), was " + activeShare);
        }
        if (!(cpuCeiling > 0) || !(cpuCeiling <= 1)) {
            problems.add("cpuCeiling must be in (0, 1], was " + cpuCeiling);
        }
        if (maxMigrations < 1) {
            problems.add("maxMigrations must be >= 1, was " + maxMigrations);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.policy.consolidation: "
                    + String.join("; ", problems));
        }
        name = name.trim();
    }

    public static ConsolidationSettings defaults() {
        return new ConsolidationSettings(ConsolidationPolicy.NAME, 6, 0.1, 1.0, 4);
    }
}
