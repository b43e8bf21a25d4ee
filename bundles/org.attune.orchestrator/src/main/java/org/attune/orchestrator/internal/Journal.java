package org.attune.orchestrator.internal;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bounded, thread-safe journal of what the orchestrator did. Every entry is also logged. */
final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger("org.attune.journal");

    private final Clock clock;
    private final Deque<JournalEntry> entries = new ArrayDeque<>();
    private volatile int capacity;
    private long sequence;

    Journal(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    void resize(int newCapacity) {
        synchronized (entries) {
            capacity = newCapacity;
            trim();
        }
    }

    /** Adds an entry whose message is rendered from its facts. */
    JournalEntry add(long cycle, Kind kind, String policy, String guest, String host, JournalEvent event) {
        JournalEntry entry;
        synchronized (entries) {
            entry = new JournalEntry(++sequence, clock.instant(), cycle, kind, policy, guest, host, event.message(),
                    event.fields());
            entries.addLast(entry);
            trim();
        }
        switch (kind) {
            case CYCLE, PLAN -> LOG.debug("cycle {} {}: {}", cycle, kind, event.message());
            case ACTION_FAILED, ACTION_ABORTED, PROBE_ERROR, ERROR -> LOG.warn("cycle {} {} guest={} host={}: {}",
                    cycle, kind, guest, host, event.message());
            default -> LOG.info("cycle {} {} guest={} host={}: {}", cycle, kind, guest, host, event.message());
        }
        return entry;
    }

    /** Matching entries, oldest first; at most {@code limit} newest ones when limit > 0. */
    List<JournalEntry> query(Predicate<JournalEntry> filter, int limit) {
        List<JournalEntry> result = new ArrayList<>();
        synchronized (entries) {
            for (JournalEntry e : entries) {
                if (filter.test(e)) {
                    result.add(e);
                }
            }
        }
        if (limit > 0 && result.size() > limit) {
            return new ArrayList<>(result.subList(result.size() - limit, result.size()));
        }
        return result;
    }

    private void trim() {
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
    }
}
