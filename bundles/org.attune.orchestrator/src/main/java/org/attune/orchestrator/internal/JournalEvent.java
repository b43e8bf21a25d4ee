package org.attune.orchestrator.internal;

import java.util.Map;

import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.policy.Action;

/**
 * What a journal entry says: its structured facts ({@link Fact} keys, plus the few of this bundle below) and the
 * line for humans, which each factory renders from those facts alone. Tests and tools read the facts; the wording
 * of the messages is kept stable where documentation quotes it. The factories, by topic: {@link MigrationEvents},
 * {@link PowerEvents}, {@link VerdictEvents}, {@link LoopEvents} and {@link ChangeEvents}.
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

    /** {@link Fact#ACTION} of an action. */
    static String actionName(Action a) {
        if (a instanceof Action.Migrate) {
            return MIGRATE;
        }
        return a instanceof Action.PowerOn ? POWER_ON : POWER_OFF;
    }
}
