package org.attune.bench;

import java.util.Locale;

/** How the bench models the day. */
public enum Mode {
    /**
     * Reproduces CloudSim 3.0.3: demand sampled 0.1 s after each 300 s boundary (interpolated as CloudSim does),
     * a guest whose demand is 0 at an update is destroyed for good, zero samples are not recorded in history,
     * and policies run their CloudSim-compatible variant.
     */
    CLOUDSIM_COMPATIBLE("cloudsim-compatible"),
    /** Guests persist all day (an idle guest keeps its host on), every sample is history; otherwise the same model. */
    REALISTIC("realistic");

    private final String id;

    Mode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Mode parse(String s) {
        for (Mode m : values()) {
            if (m.id.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode must be cloudsim-compatible or realistic; was " + s);
    }
}
