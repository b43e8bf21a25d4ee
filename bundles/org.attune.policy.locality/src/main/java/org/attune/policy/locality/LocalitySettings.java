package org.attune.policy.locality;

import java.util.ArrayList;
import java.util.List;

/**
 * Validated settings of the P3 locality policy. Immutable. The OSGi component builds them from its factory
 * configuration (PID {@code org.attune.policy.locality}); tests, tools and the benchmark build them directly.
 *
 * @param name                  the instance's policy name
 * @param historyCycles         samples averaged (traffic) or peaked (CPU)
 * @param cpuCeiling            share of a receiving host's capacity its peak demands may fill
 * @param minGainBytesPerSecond least cut in cross-host traffic a move must bring
 * @param maxMigrations         migrations per plan at most
 */
public record LocalitySettings(String name, int historyCycles, double cpuCeiling, double minGainBytesPerSecond,
                               int maxMigrations) {

    /** @throws IllegalArgumentException naming every inconsistent value */
    public LocalitySettings {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("attune.policy.name must not be blank");
        }
        if (historyCycles < 1) {
            problems.add("historyCycles must be >= 1, was " + historyCycles);
        }
        if (!(cpuCeiling > 0) || !(cpuCeiling <= 1)) {
            problems.add("cpuCeiling must be in (0, 1], was " + cpuCeiling);
        }
        if (!(minGainBytesPerSecond > 0) || Double.isInfinite(minGainBytesPerSecond)) {
            problems.add("minGainBytesPerSecond must be > 0, was " + minGainBytesPerSecond);
        }
        if (maxMigrations < 1) {
            problems.add("maxMigrations must be >= 1, was " + maxMigrations);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.policy.locality: "
                    + String.join("; ", problems));
        }
        name = name.trim();
    }

    public static LocalitySettings defaults() {
        return new LocalitySettings(LocalityPolicy.NAME, 3, 0.8, 1024, 2);
    }
}
