package org.attune.api.orchestrator;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the orchestrator's journal.
 *
 * @param sequence increasing number, unique per orchestrator run
 * @param time     when it happened
 * @param cycle    the loop cycle it belongs to (0 for events outside a cycle, e.g. a shell command)
 * @param kind     what happened
 * @param policy   the policy active when it happened, "" for none
 * @param guest    the guest's name, "" when none is involved
 * @param host     the host involved (the target for a migration), "" when none
 * @param message  a line for humans
 */
public record JournalEntry(long sequence, Instant time, long cycle, Kind kind, String policy, String guest,
                           String host, String message) {

    /** Kinds of journal entries. */
    public enum Kind {
        CYCLE, PLAN, ACTION_STARTED, ACTION_SUCCEEDED, ACTION_FAILED, ACTION_ABORTED, ACTION_SKIPPED,
        POLICY_CHANGED, MODE_CHANGED, DRIVER_CHANGED, PROBE_ERROR, ERROR
    }

    public JournalEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        policy = policy == null ? "" : policy;
        guest = guest == null ? "" : guest;
        host = host == null ? "" : host;
        message = message == null ? "" : message;
    }
}
