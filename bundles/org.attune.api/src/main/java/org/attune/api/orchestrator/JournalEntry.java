package org.attune.api.orchestrator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One line of the orchestrator's journal: what happened, as structured facts ({@link #fields()}, keys in
 * {@link Fact}) and as a line for humans ({@link #message()}) rendered from them.
 *
 * @param sequence increasing number, unique per orchestrator run
 * @param time     when it happened
 * @param cycle    the loop cycle it belongs to (0 for events outside a cycle, e.g. a shell command)
 * @param kind     what happened
 * @param policy   the policy active when it happened, "" for none
 * @param guest    the guest's name, "" when none is involved
 * @param host     the host involved (the target for a migration), "" when none
 * @param message  a line for humans
 * @param fields   structured facts (since 1.2): keys from {@link Fact}, values {@link String}, {@link Long},
 *                 {@link Double} or {@link Boolean}; never null
 */
public record JournalEntry(long sequence, Instant time, long cycle, Kind kind, String policy, String guest,
                           String host, String message, Map<String, Object> fields) {

    /** Kinds of journal entries. */
    public enum Kind {
        CYCLE, PLAN, ACTION_STARTED, ACTION_SUCCEEDED, ACTION_FAILED, ACTION_ABORTED, ACTION_SKIPPED,
        POLICY_CHANGED, MODE_CHANGED, DRIVER_CHANGED, PROBE_ERROR, ERROR
    }

    /** Keys of {@link #fields()}. @since 1.2 */
    public static final class Fact {
        /** The action: {@code migrate}, {@code power-on}, {@code power-off}. */
        public static final String ACTION = "action";
        /** Source host id of a migration. */
        public static final String FROM_HOST = "fromHost";
        /** Target host id of a migration. */
        public static final String TO_HOST = "toHost";
        /** {@code live} or {@code regular}. */
        public static final String MIGRATION_MODE = "migrationMode";
        /** Total duration of an action, milliseconds (Long). */
        public static final String DURATION_MS = "durationMs";
        /** Time a migrated guest was paused, milliseconds (Long). */
        public static final String DOWNTIME_MS = "downtimeMs";
        /** Bytes a migration sent (Long). */
        public static final String BYTES = "bytes";
        /** Why the action was proposed (the policy's reason). */
        public static final String REASON = "reason";
        /** Why an action was refused, skipped, failed or aborted, for humans. */
        public static final String PROBLEM = "problem";
        /** The validator's refusal code, e.g. {@code MEMORY}, {@code LIMIT_SOURCE}, {@code CONSTRAINT}. */
        public static final String REFUSAL = "refusal";
        /** The placement constraint that refused an action. */
        public static final String CONSTRAINT = "constraint";
        /** What carried out a power action, e.g. {@code ipmi:host1}. */
        public static final String CONTROLLER = "controller";
        /** Who asked: a policy name or {@code operator}. */
        public static final String INITIATOR = "initiator";
        /** Counts in a cycle summary (Long): hosts, guests, actions, migrations in flight. */
        public static final String HOSTS = "hosts";
        public static final String GUESTS = "guests";
        public static final String ACTIONS = "actions";
        public static final String IN_FLIGHT = "inFlight";
        /** Previous and new value of a mode or policy change. */
        public static final String FROM = "from";
        public static final String TO = "to";

        private Fact() {
        }
    }

    public JournalEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        policy = policy == null ? "" : policy;
        guest = guest == null ? "" : guest;
        host = host == null ? "" : host;
        message = message == null ? "" : message;
        if (fields == null || fields.isEmpty()) {
            fields = Map.of();
        } else {
            Map<String, Object> copy = new LinkedHashMap<>();
            fields.forEach((k, v) -> {
                if (k == null || !(v instanceof String || v instanceof Long || v instanceof Double
                        || v instanceof Boolean)) {
                    throw new IllegalArgumentException("journal field " + k + " must be a String, Long, Double or "
                            + "Boolean, was " + (v == null ? "null" : v.getClass().getName()));
                }
                copy.put(k, v);
            });
            fields = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /** An entry without structured facts. */
    public JournalEntry(long sequence, Instant time, long cycle, Kind kind, String policy, String guest, String host,
                        String message) {
        this(sequence, time, cycle, kind, policy, guest, host, message, Map.of());
    }

    /** A text fact. @since 1.2 */
    public Optional<String> text(String key) {
        Object v = fields.get(key);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    /** A whole-number fact. @since 1.2 */
    public OptionalLong number(String key) {
        Object v = fields.get(key);
        return v instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
    }

    /** A decimal fact (whole numbers too). @since 1.2 */
    public OptionalDouble decimal(String key) {
        Object v = fields.get(key);
        return v instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }
}
