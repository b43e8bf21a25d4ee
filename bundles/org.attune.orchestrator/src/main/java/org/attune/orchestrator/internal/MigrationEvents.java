package org.attune.orchestrator.internal;

import static org.attune.orchestrator.internal.Facts.lower;
import static org.attune.orchestrator.internal.Facts.put;
import static org.attune.orchestrator.internal.Facts.text;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.attune.api.driver.MigrationMode;
import org.attune.api.driver.MigrationResult;
import org.attune.api.orchestrator.JournalEntry.Fact;

/** Journal events of a migration: started, ended, timed out, not started. */
final class MigrationEvents {

    private MigrationEvents() {
    }

    /** A migration handed to its driver. */
    static JournalEvent started(String from, String to, MigrationMode mode, String reason, String initiator) {
        Map<String, Object> f = facts(from, to, mode, reason, initiator);
        String r = text(f, Fact.REASON);
        return new JournalEvent(f, text(f, Fact.MIGRATION_MODE) + " migration " + text(f, Fact.FROM_HOST) + " -> "
                + text(f, Fact.TO_HOST) + (r.isEmpty() ? "" : ": " + r));
    }

    /** A migration that ended, with the driver's figures. */
    static JournalEvent ended(String from, String to, String reason, String initiator, MigrationResult r) {
        Map<String, Object> f = facts(from, to, r.mode(), reason, initiator);
        f.put(Fact.DURATION_MS, r.total().toMillis());
        if (r.downtime() != null) {
            f.put(Fact.DOWNTIME_MS, r.downtime().toMillis());
        }
        if (r.bytesTransferred() >= 0) {
            f.put(Fact.BYTES, r.bytesTransferred());
        }
        put(f, Fact.PROBLEM, r.detail());
        String problem = text(f, Fact.PROBLEM);
        String message = String.format(Locale.ROOT, "%s migration %s -> %s %s in %d ms%s%s%s",
                text(f, Fact.MIGRATION_MODE), text(f, Fact.FROM_HOST), text(f, Fact.TO_HOST), lower(r.outcome()),
                (Long) f.get(Fact.DURATION_MS),
                f.containsKey(Fact.DOWNTIME_MS) ? ", downtime " + f.get(Fact.DOWNTIME_MS) + " ms" : "",
                f.containsKey(Fact.BYTES) ? ", " + (((Long) f.get(Fact.BYTES)) >> 20) + " MiB sent" : "",
                problem.isEmpty() ? "" : ": " + problem);
        return new JournalEvent(f, message);
    }

    /** A migration asked to abort because it ran past its timeout. */
    static JournalEvent timedOut(String from, String to, MigrationMode mode, String reason, String initiator,
                                 Duration timeout, Duration running) {
        Map<String, Object> f = facts(from, to, mode, reason, initiator);
        f.put(Fact.DURATION_MS, running.toMillis());
        f.put(Fact.PROBLEM, "timed out after " + timeout.toSeconds() + " s");
        return new JournalEvent(f, "aborting migration " + text(f, Fact.FROM_HOST) + " -> " + text(f, Fact.TO_HOST)
                + ": " + text(f, Fact.PROBLEM));
    }

    /** A migration its driver refused to start. */
    static JournalEvent notStarted(String from, String to, MigrationMode mode, String reason, String initiator,
                                   String problem) {
        Map<String, Object> f = facts(from, to, mode, reason, initiator);
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, "migration " + text(f, Fact.FROM_HOST) + " -> " + text(f, Fact.TO_HOST)
                + " did not start: " + text(f, Fact.PROBLEM));
    }

    /** The facts every migration entry carries. */
    static Map<String, Object> facts(String from, String to, MigrationMode mode, String reason, String initiator) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.ACTION, JournalEvent.MIGRATE);
        f.put(Fact.FROM_HOST, from);
        f.put(Fact.TO_HOST, to);
        f.put(Fact.MIGRATION_MODE, lower(mode));
        put(f, Fact.REASON, reason);
        put(f, Fact.INITIATOR, initiator);
        return f;
    }
}
