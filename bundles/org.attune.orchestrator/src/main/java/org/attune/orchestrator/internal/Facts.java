package org.attune.orchestrator.internal;

import java.util.Locale;
import java.util.Map;

/** Reading and writing the facts a {@link JournalEvent} is built from. */
final class Facts {

    private Facts() {
    }

    /** Puts a text fact; null or empty is left out, so a reader finds no key rather than a blank. */
    static void put(Map<String, Object> f, String key, String value) {
        if (value != null && !value.isEmpty()) {
            f.put(key, value);
        }
    }

    /** A fact as text, "" when absent. */
    static String text(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? "" : v.toString();
    }

    /** An enum the way facts and messages spell it. */
    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
