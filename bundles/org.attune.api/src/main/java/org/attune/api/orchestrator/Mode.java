package org.attune.api.orchestrator;

/** What the orchestrator does with the plans its policy makes. */
public enum Mode {
    /** Monitor only; the policy is not asked. */
    OFF,
    /** Plans are made and journaled, nothing is executed. */
    RECOMMEND,
    /** Plans are executed. */
    AUTOMATIC
}
