package org.attune.bench;

import java.util.ArrayList;
import java.util.List;

/** Small helpers for the bench's command-line options. */
final class Args {

    private Args() {
    }

    /** The value after option {@code option} at {@code i}. */
    static String value(List<String> a, int i, String option) {
        if (i >= a.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return a.get(i);
    }

    /** Comma-separated values, blanks dropped. */
    static List<String> split(String s) {
        List<String> r = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                r.add(p.trim());
            }
        }
        return r;
    }
}
