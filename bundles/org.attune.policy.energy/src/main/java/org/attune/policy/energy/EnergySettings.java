package org.attune.policy.energy;

import java.util.ArrayList;
import java.util.List;

/**
 * Validated settings of the P2 energy policy. Immutable. The OSGi component builds them from its factory
 * configuration (PID {@code org.attune.policy.energy}); tests, tools and the benchmark build them directly. How far
 * ahead demand is projected is no setting: it is each host's boot time, from its
 * {@link org.attune.api.PowerProfile}.
 *
 * @param name              the instance's policy name
 * @param historyCycles     samples for peaks and trend
 * @param targetUtilization share of a receiving host's capacity consolidation may fill
 * @param powerOnThreshold  projected share of on+booting capacity above which hosts are powered on
 * @param powerOffThreshold projected share of the remaining capacity under which an empty host may go off
 * @param minHostsOn        hosts that always stay on
 * @param maxMigrations     migrations per plan at most
 */
public record EnergySettings(String name, int historyCycles, double targetUtilization, double powerOnThreshold,
                             double powerOffThreshold, int minHostsOn, int maxMigrations) {

    /** @throws IllegalArgumentException naming every inconsistent value */
    public EnergySettings {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("attune.policy.name must not be blank");
        }
        if (historyCycles < 2) {
            problems.add("historyCycles must be >= 2 (a trend needs two samples), was " + historyCycles);
        }
        if (!(targetUtilization > 0) || !(targetUtilization <= 1)) {
            problems.add("targetUtilization must be in (0, 1], was " + targetUtilization);
        }
        if (!(powerOnThreshold > 0) || !(powerOnThreshold <= 1)) {
            problems.add("powerOnThreshold must be in (0, 1], was " + powerOnThreshold);
        }
        if (!(powerOffThreshold > 0) || !(powerOffThreshold < powerOnThreshold)) {
            problems.add("powerOffThreshold must be > 0 and below powerOnThreshold (" + powerOnThreshold
                    + ") for hysteresis, was " + powerOffThreshold);
        }
        if (minHostsOn < 1) {
            problems.add("minHostsOn must be >= 1, was " + minHostsOn);
        }
        if (maxMigrations < 1) {
            problems.add("maxMigrations must be >= 1, was " + maxMigrations);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.policy.energy: "
                    + String.join("; ", problems));
        }
        name = name.trim();
    }

    public static EnergySettings defaults() {
        return new EnergySettings(EnergyPolicy.NAME, 6, 0.7, 0.85, 0.6, 1, 4);
    }
}
