package org.attune.orchestrator.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.attune.api.driver.MigrationMode;
import org.attune.api.driver.MigrationResult;
import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.Mode;
import org.attune.api.policy.Action;
import org.attune.model.validation.Refusal;

/**
 * What a journal entry says: its structured facts ({@link Fact} keys, plus the few of this bundle below) and the
 * line for humans, which each factory renders from those facts alone. Tests and tools read the facts; the wording
 * of the messages is kept stable where documentation quotes it.
 *
 * @param fields  the facts
 * @param message the line rendered from them
 */
record JournalEvent(Map<String, Object> fields, String message) {

    /** Fact key (this bundle's): what became of an action the validator did not accept now. */
    static final String VERDICT = "verdict";
    /** {@link #VERDICT}: refused, it will not run. */
    static final String REFUSED = "refused";
    /** {@link #VERDICT}: sound but waiting; it is re-validated and starts once nothing holds it. */
    static final String DEFERRED = "deferred";
    /** {@link #VERDICT}: it was still waiting when the next plan was made, and was dropped. */
    static final String SUPERSEDED = "superseded";
    /** Fact key (this bundle's): the driver a {@code DRIVER_CHANGED} entry is about. */
    static final String DRIVER = "driver";
    /** Fact key (this bundle's): the type of the driver a {@code DRIVER_CHANGED} entry is about. */
    static final String DRIVER_TYPE = "driverType";
    /** Fact key (this bundle's): the probe a {@code PROBE_ERROR} entry is about. */
    static final String PROBE = "probe";
    /** Fact key (this bundle's): the provisioner an {@code ERROR} entry is about. */
    static final String PROVISIONER = "provisioner";
    /** Fact key (this bundle's): the bundle a policy came from. */
    static final String BUNDLE = "bundle";
    /** Fact key (this bundle's): deferred actions waiting at the end of a cycle (Long). */
    static final String PENDING = "pending";
    /** {@link Fact#INITIATOR} of what an operator asked for. */
    static final String OPERATOR = "operator";
    /** {@link Fact#INITIATOR} of a change made by the configuration (the etc/ file). */
    static final String CONFIGURATION = "configuration";
    /** {@link Fact#ACTION} values. */
    static final String MIGRATE = "migrate";
    static final String POWER_ON = "power-on";
    static final String POWER_OFF = "power-off";

    // ---- migrations -------------------------------------------------------------------------------------------

    /** A migration handed to its driver. */
    static JournalEvent migrationStarted(String from, String to, MigrationMode mode, String reason, String initiator) {
        Map<String, Object> f = migration(from, to, mode, reason, initiator);
        String r = text(f, Fact.REASON);
        return new JournalEvent(f, text(f, Fact.MIGRATION_MODE) + " migration " + text(f, Fact.FROM_HOST) + " -> "
                + text(f, Fact.TO_HOST) + (r.isEmpty() ? "" : ": " + r));
    }

    /** A migration that ended, with the driver's figures. */
    static JournalEvent migrationEnded(String from, String to, String reason, String initiator, MigrationResult r) {
        Map<String, Object> f = migration(from, to, r.mode(), reason, initiator);
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
    static JournalEvent migrationTimedOut(String from, String to, MigrationMode mode, String reason, String initiator,
                                          Duration timeout, Duration running) {
        Map<String, Object> f = migration(from, to, mode, reason, initiator);
        f.put(Fact.DURATION_MS, running.toMillis());
        f.put(Fact.PROBLEM, "timed out after " + timeout.toSeconds() + " s");
        return new JournalEvent(f, "aborting migration " + text(f, Fact.FROM_HOST) + " -> " + text(f, Fact.TO_HOST)
                + ": " + text(f, Fact.PROBLEM));
    }

    /** A migration its driver refused to start. */
    static JournalEvent migrationNotStarted(String from, String to, MigrationMode mode, String reason,
                                            String initiator, String problem) {
        Map<String, Object> f = migration(from, to, mode, reason, initiator);
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, "migration " + text(f, Fact.FROM_HOST) + " -> " + text(f, Fact.TO_HOST)
                + " did not start: " + text(f, Fact.PROBLEM));
    }

    // ---- verdicts ---------------------------------------------------------------------------------------------

    /**
     * An action the validator refused or deferred, or one that was still waiting when a new plan came.
     *
     * @param verdict      {@link #REFUSED}, {@link #DEFERRED} or {@link #SUPERSEDED}
     * @param why          the validator's reason (for a superseded action: what it waited for)
     * @param supersededBy the cycle that superseded it (it plans anew), 0 otherwise
     */
    static JournalEvent verdict(Action action, String verdict, Refusal why, String initiator, long supersededBy) {
        Map<String, Object> f = action(action, initiator);
        f.put(VERDICT, verdict);
        f.put(Fact.REFUSAL, why.code().name());
        put(f, Fact.PROBLEM, why.message());
        put(f, Fact.CONSTRAINT, why.constraint());
        String what = describe(f);
        String message = switch (verdict) {
            case DEFERRED -> "deferred " + what + ": " + text(f, Fact.PROBLEM);
            case SUPERSEDED -> "dropped " + what + ": superseded by cycle " + supersededBy + " (it "
                    + text(f, Fact.PROBLEM) + ")";
            default -> "skipped " + what + ": " + text(f, Fact.PROBLEM);
        };
        return new JournalEvent(f, message);
    }

    // ---- power ------------------------------------------------------------------------------------------------

    /** A controller carried out a power action. */
    static JournalEvent powerDone(boolean on, String controller, String reason, String initiator, Duration took) {
        Map<String, Object> f = power(on, controller, reason, initiator);
        f.put(Fact.DURATION_MS, took.toMillis());
        String r = text(f, Fact.REASON);
        return new JournalEvent(f, verb(f) + " through " + text(f, Fact.CONTROLLER) + (r.isEmpty() ? "" : ": " + r));
    }

    /** A controller failed to carry out a power action. */
    static JournalEvent powerFailed(boolean on, String controller, String reason, String initiator, String problem,
                                    Duration took) {
        Map<String, Object> f = power(on, controller, reason, initiator);
        f.put(Fact.DURATION_MS, took.toMillis());
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, verb(f) + " through " + text(f, Fact.CONTROLLER) + " failed: "
                + text(f, Fact.PROBLEM));
    }

    /** A power action the power executor could not hand to a controller (none, or one already busy there). */
    static JournalEvent powerSkipped(boolean on, String controller, String reason, String initiator, String problem) {
        Map<String, Object> f = power(on, controller, reason, initiator);
        f.put(VERDICT, REFUSED);
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, "skipped " + verb(f) + ": " + text(f, Fact.PROBLEM));
    }

    // ---- the loop ---------------------------------------------------------------------------------------------

    /** A cycle's summary. */
    static JournalEvent cycle(long cycle, int hosts, int guests, Mode mode, String policy, int actions, int inFlight,
                              int pending, Duration took) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.HOSTS, (long) hosts);
        f.put(Fact.GUESTS, (long) guests);
        f.put(Fact.ACTIONS, (long) actions);
        f.put(Fact.IN_FLIGHT, (long) inFlight);
        f.put(PENDING, (long) pending);
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

    /** A mode change; the initiator is {@link #OPERATOR} (a command) or {@link #CONFIGURATION}. */
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
        put(f, BUNDLE, bundle);
        return new JournalEvent(f, "policy " + name + " is available"
                + (f.containsKey(BUNDLE) ? " (bundle " + f.get(BUNDLE) + ")" : "") + " and active");
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
        f.put(DRIVER, id);
        f.put(DRIVER_TYPE, type);
        return new JournalEvent(f, "driver " + id + " (" + type + ") bound");
    }

    /** A driver went away; {@code dropped} migrations it owned are no longer followed. */
    static JournalEvent driverUnbound(String id, int dropped) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(DRIVER, id);
        f.put(Fact.IN_FLIGHT, (long) dropped);
        return new JournalEvent(f, "driver " + id + " unbound"
                + (dropped > 0 ? "; stopped following " + dropped + " migration(s) it owned" : ""));
    }

    static JournalEvent probeError(String probe, String problem) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(PROBE, probe);
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
        f.put(Fact.ACTION, MIGRATE);
        f.put(Fact.FROM_HOST, from);
        f.put(Fact.TO_HOST, to);
        f.put(PROVISIONER, provisioner);
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, "provisioner " + provisioner + " failed after migration: " + text(f, Fact.PROBLEM));
    }

    /** A problem of the orchestrator itself (configuration refused, state not saved), with what follows from it. */
    static JournalEvent error(String problem, String consequence) {
        Map<String, Object> f = new LinkedHashMap<>();
        put(f, Fact.PROBLEM, problem);
        return new JournalEvent(f, text(f, Fact.PROBLEM) + (consequence.isEmpty() ? "" : "; " + consequence));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** {@link Fact#ACTION} of an action. */
    static String actionName(Action a) {
        if (a instanceof Action.Migrate) {
            return MIGRATE;
        }
        return a instanceof Action.PowerOn ? POWER_ON : POWER_OFF;
    }

    private static Map<String, Object> migration(String from, String to, MigrationMode mode, String reason,
                                                 String initiator) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.ACTION, MIGRATE);
        f.put(Fact.FROM_HOST, from);
        f.put(Fact.TO_HOST, to);
        f.put(Fact.MIGRATION_MODE, lower(mode));
        put(f, Fact.REASON, reason);
        put(f, Fact.INITIATOR, initiator);
        return f;
    }

    private static Map<String, Object> power(boolean on, String controller, String reason, String initiator) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Fact.ACTION, on ? POWER_ON : POWER_OFF);
        put(f, Fact.CONTROLLER, controller);
        put(f, Fact.REASON, reason);
        put(f, Fact.INITIATOR, initiator);
        return f;
    }

    private static Map<String, Object> action(Action a, String initiator) {
        if (a instanceof Action.Migrate m) {
            return migration(m.fromHostId(), m.toHostId(), m.mode(), m.reason(), initiator);
        }
        return power(a instanceof Action.PowerOn, "", a.reason(), initiator);
    }

    /** "migration h1 -> h2" or "power on". */
    private static String describe(Map<String, Object> f) {
        return MIGRATE.equals(f.get(Fact.ACTION))
                ? "migration " + text(f, Fact.FROM_HOST) + " -> " + text(f, Fact.TO_HOST) : verb(f);
    }

    private static String verb(Map<String, Object> f) {
        return POWER_ON.equals(f.get(Fact.ACTION)) ? "power on" : "power off";
    }

    private static String origin(Map<String, Object> f) {
        return OPERATOR.equals(f.get(Fact.INITIATOR)) ? "command" : text(f, Fact.INITIATOR);
    }

    private static void put(Map<String, Object> f, String key, String value) {
        if (value != null && !value.isEmpty()) {
            f.put(key, value);
        }
    }

    private static String text(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? "" : v.toString();
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
