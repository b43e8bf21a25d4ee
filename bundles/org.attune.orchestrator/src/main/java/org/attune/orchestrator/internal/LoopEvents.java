package org.attune.orchestrator.internal;

import static org.attune.orchestrator.internal.Facts.lower;
import static org.attune.orchestrator.internal.Facts.put;
import static org.attune.orchestrator.internal.Facts.text;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.Mode;

/**
 * Journal events of the loop itself: a cycle's summary, a plan, and what went wrong (a probe, a policy, a
 * provisioner, the orchestrator).
 */
final class LoopEvents {

    private LoopEvents() {
    }

    /** A cycle's summary. */
    static JournalEvent cycle(long cycle, int hosts, int guests, Mode mode, String policy, int actions, int inFlight,
                              int pending, Duration took) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.HOSTS, (long) hosts);
        f.put(Fact.GUESTS, (long) guests);
        f.put(Fact.ACTIONS, (long) actions);
        f.put(Fact.IN_FLIGHT, (long) inFlight);
        f.put(JournalEvent.PENDING, (long) pending);
        f.put(Fact.DURATION_MS, took.toMillis());
        return new JournalEvent(f, String.format(Locale.ROOT,
                "cycle %d: %d hosts, %d guests, mode %s, policy %s, %d action(s), %d in flight%s, %d ms", cycle,
                f.get(Fact.HOSTS), f.get(Fact.GUESTS), lower(mode), policy.isEmpty() ? "none" : policy,
                f.get(Fact.ACTIONS), f.get(Fact.IN_FLIGHT), pending == 0 ? "" : ", " + pending + " pending",
                f.get(Fact.DURATION_MS)));
    }

    /** A policy's plan, as it was proposed. */
    static JournalEvent plan(boolean recommended, String policy, String signedBy, int actions, String description) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.INITIATOR, policy);
        f.put(Fact.ACTIONS, (long) actions);
        return new JournalEvent(f, (recommended ? "recommended: " : "")
                + (signedBy.equals(policy) ? "" : "plan signed " + signedBy + ": ") + description);
    }

    static JournalEvent probeError(String probe, String problem) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(JournalEvent.PROBE, probe);
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, "probe " + probe + ": " + text(f, Fact.PROBLEM));
    }

    static JournalEvent policyFailed(String policy, String problem) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.INITIATOR, policy);
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, "policy " + policy + " failed: " + text(f, Fact.PROBLEM));
    }

    static JournalEvent provisionerFailed(String provisioner, String from, String to, String problem) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.ACTION, JournalEvent.MIGRATE);
        f.put(Fact.FROM_HOST, from);
        f.put(Fact.TO_HOST, to);
        f.put(JournalEvent.PROVISIONER, provisioner);
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, "provisioner " + provisioner + " failed after migration: " + text(f, Fact.PROBLEM));
    }

    /** A problem of the orchestrator itself (configuration refused, state not saved), with what follows from it. */
    static JournalEvent error(String problem, String consequence) {
        Map<String, Object> f = new LinkedHashMap<>();
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, text(f, Fact.PROBLEM) + (consequence.isEmpty() ? "" : "; " + consequence));
    }
}
