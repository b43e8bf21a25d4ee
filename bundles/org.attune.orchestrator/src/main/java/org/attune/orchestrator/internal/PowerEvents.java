package org.attune.orchestrator.internal;

import static org.attune.orchestrator.internal.Facts.put;
import static org.attune.orchestrator.internal.Facts.text;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.attune.api.orchestrator.JournalEntry.Fact;

/** Journal events of a power action: done, failed, or not handed to a controller. */
final class PowerEvents {

    private PowerEvents() {
    }

    /** A controller carried out a power action. */
    static JournalEvent done(boolean on, String controller, String reason, String initiator, Duration took) {
        Map<String, Object> f = facts(on, controller, reason, initiator);
        f.put(Fact.DURATION_MS, took.toMillis());
        String r = text(f, Fact.REASON);
        return new JournalEvent(f, verb(f) + " through " + text(f, Fact.CONTROLLER) + (r.isEmpty() ? "" : ": " + r));
    }

    /** A controller failed to carry out a power action. */
    static JournalEvent failed(boolean on, String controller, String reason, String initiator, String problem,
                               Duration took) {
        Map<String, Object> f = facts(on, controller, reason, initiator);
        f.put(Fact.DURATION_MS, took.toMillis());
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, verb(f) + " through " + text(f, Fact.CONTROLLER) + " failed: "
                + text(f, Fact.PROBLEM));
    }

    /** A power action the power executor could not hand to a controller (none, or one already busy there). */
    static JournalEvent skipped(boolean on, String controller, String reason, String initiator, String problem) {
        Map<String, Object> f = facts(on, controller, reason, initiator);
        f.put(JournalEvent.VERDICT, JournalEvent.REFUSED);
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, "skipped " + verb(f) + ": " + text(f, Fact.PROBLEM));
    }

    /** The facts every power entry carries. */
    static Map<String, Object> facts(boolean on, String controller, String reason, String initiator) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.ACTION, on ? JournalEvent.POWER_ON : JournalEvent.POWER_OFF);
        put(f, Fact.CONTROLLER, controller);
        put(f, Fact.REASON, reason);
        put(f, Fact.INITIATOR, initiator);
        return f;
    }

    /** "power on" or "power off". */
    static String verb(Map<String, Object> f) {
        return JournalEvent.POWER_ON.equals(f.get(Fact.ACTION)) ? "power on" : "power off";
    }
}
