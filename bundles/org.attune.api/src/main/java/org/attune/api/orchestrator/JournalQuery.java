package org.attune.api.orchestrator;

import java.util.Set;

/**
 * Which journal entries to return.
 *
 * @param limit at most this many, the newest ones (0 or less for all that are kept)
 * @param guest only entries about this guest (name or id), null for all
 * @param kinds only these kinds, empty for all
 */
public record JournalQuery(int limit, String guest, Set<JournalEntry.Kind> kinds) {

    public JournalQuery {
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
    }

    public static JournalQuery last(int limit) {
        return new JournalQuery(limit, null, Set.of());
    }

    public static JournalQuery all() {
        return new JournalQuery(0, null, Set.of());
    }

    public JournalQuery forGuest(String guestNameOrId) {
        return new JournalQuery(limit, guestNameOrId, kinds);
    }

    public JournalQuery ofKinds(Set<JournalEntry.Kind> newKinds) {
        return new JournalQuery(limit, guest, newKinds);
    }
}
