package org.attune.orchestrator.internal;

import static org.attune.orchestrator.internal.Facts.lower;
import static org.attune.orchestrator.internal.Facts.put;
import static org.attune.orchestrator.internal.Facts.text;

import java.util.LinkedHashMap;
import java.util.Map;

import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.Mode;

/** Journal events of a change in what the loop runs with: its mode, its policy, its drivers. */
final class ChangeEvents {

    private ChangeEvents() {
    }

    /**
     * A mode change; the initiator is {@link JournalEvent#OPERATOR} (a command) or
     * {@link JournalEvent#CONFIGURATION}.
     */
    static JournalEvent modeChanged(Mode from, Mode to, String initiator) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.FROM, lower(from));
        f.put(Fact.TO, lower(to));
        f.put(Fact.INITIATOR, initiator);
        return new JournalEvent(f, "mode " + text(f, Fact.FROM) + " -> " + text(f, Fact.TO) + " (" + origin(f) + ")");
    }

    /** A change of the selected policy; {@code installed} says whether a policy of that name is bound. */
    static JournalEvent policyChanged(String from, String to, String initiator, boolean installed) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.FROM, from);
        f.put(Fact.TO, to);
        f.put(Fact.INITIATOR, initiator);
        return new JournalEvent(f, "policy " + text(f, Fact.FROM) + " -> " + text(f, Fact.TO) + " (" + origin(f) + ")"
                + (installed ? "" : "; not installed, monitoring only until it is"));
    }

    /** The selected policy became available. */
    static JournalEvent policyBound(String name, String bundle) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.TO, name);
        put(f, JournalEvent.BUNDLE, bundle);
        return new JournalEvent(f, "policy " + name + " is available"
                + (f.containsKey(JournalEvent.BUNDLE) ? " (bundle " + f.get(JournalEvent.BUNDLE) + ")" : "")
                + " and active");
    }

    /** The selected policy went away; {@code fallback}: another instance of it is still bound. */
    static JournalEvent policyGone(String name, boolean fallback) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.FROM, name);
        f.put(Fact.TO, fallback ? name : "");
        return new JournalEvent(f, "policy " + name + " went away" + (fallback
                ? "; another instance of it remains active" : "; no active policy, monitoring only until it returns"));
    }

    static JournalEvent driverBound(String id, String type) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(JournalEvent.DRIVER, id);
        f.put(JournalEvent.DRIVER_TYPE, type);
        return new JournalEvent(f, "driver " + id + " (" + type + ") bound");
    }

    /** A driver went away; {@code dropped} migrations it owned are no longer followed. */
    static JournalEvent driverUnbound(String id, int dropped) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(JournalEvent.DRIVER, id);
        f.put(Fact.IN_FLIGHT, (long) dropped);
        return new JournalEvent(f, "driver " + id + " unbound"
                + (dropped > 0 ? "; stopped following " + dropped + " migration(s) it owned" : ""));
    }

    /** "command" for an operator, else the initiator as it is. */
    private static String origin(Map<String, Object> f) {
        return JournalEvent.OPERATOR.equals(f.get(Fact.INITIATOR)) ? "command" : text(f, Fact.INITIATOR);
    }
}
