package org.attune.orchestrator.internal;

import static org.attune.orchestrator.internal.Facts.put;
import static org.attune.orchestrator.internal.Facts.text;

import java.util.Map;

import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.policy.Action;
import org.attune.model.validation.Refusal;

/** Journal events of an action that did not run now: refused, deferred, or superseded while it waited. */
final class VerdictEvents {

    private VerdictEvents() {
    }

    /**
     * An action the validator refused or deferred, or one that was still waiting when a new plan came.
     *
     * @param verdict      {@link JournalEvent#REFUSED}, {@link JournalEvent#DEFERRED} or
     *                     {@link JournalEvent#SUPERSEDED}
     * @param why          the validator's reason (for a superseded action: what it waited for)
     * @param supersededBy the cycle that superseded it (it plans anew), 0 otherwise
     */
    static JournalEvent of(Action action, String verdict, Refusal why, String initiator, long supersededBy) {
        Map<String, Object> f = facts(action, initiator);
        f.put(JournalEvent.VERDICT, verdict);
        f.put(Fact.REFUSAL, why.code().name());
        put(f, Fact.PROBLEM, why.message());
        put(f, Fact.CONSTRAINT, why.constraint());
        String what = describe(f);
        String message = switch (verdict) {
            case JournalEvent.DEFERRED -> "deferred " + what + ": " + text(f, Fact.PROBLEM);
            case JournalEvent.SUPERSEDED -> "dropped " + what + ": superseded by cycle " + supersededBy + " (it "
                    + text(f, Fact.PROBLEM) + ")";
            default -> "skipped " + what + ": " + text(f, Fact.PROBLEM);
        };
        return new JournalEvent(f, message);
    }

    private static Map<String, Object> facts(Action a, String initiator) {
        if (a instanceof Action.Migrate m) {
            return MigrationEvents.facts(m.fromHostId(), m.toHostId(), m.mode(), m.reason(), initiator);
        }
        return PowerEvents.facts(a instanceof Action.PowerOn, "", a.reason(), initiator);
    }

    /** "migration h1 -> h2" or "power on". */
    private static String describe(Map<String, Object> f) {
        return JournalEvent.MIGRATE.equals(f.get(Fact.ACTION))
                ? "migration " + text(f, Fact.FROM_HOST) + " -> " + text(f, Fact.TO_HOST) : PowerEvents.verb(f);
    }
}
