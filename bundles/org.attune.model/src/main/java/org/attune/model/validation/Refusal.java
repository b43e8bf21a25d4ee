package org.attune.model.validation;

import java.util.Objects;

/**
 * Why an action may not run, or why it has to wait.
 *
 * @param code       what kind of reason
 * @param message    a line for humans naming guest, hosts and figures
 * @param constraint the placement constraint involved, "" when none
 */
public record Refusal(Code code, String message, String constraint) {

    /** Kinds of reasons. */
    public enum Code {
        /** The action names a guest the view does not have. */
        UNKNOWN_GUEST,
        /** The action names a host the view does not have. */
        UNKNOWN_HOST,
        /** The guest is not on the source host the action names. */
        WRONG_SOURCE,
        /** The guest is already on (or going to) the target. */
        SAME_HOST,
        /** The target belongs to another driver. */
        OTHER_DRIVER,
        /** The target is off, shutting down or unreachable. */
        HOST_UNUSABLE,
        /** The target has fewer cores than the guest has vCPUs. */
        CPUS,
        /** The target lacks the memory. */
        MEMORY,
        /** A hard placement constraint objects. */
        CONSTRAINT,
        /** A migration of the guest is already in flight. */
        IN_FLIGHT,
        /** The guest is pinned (cooling down after its last migration, or held by a rule). */
        PINNED,
        /** The plan acts on the same guest or host twice. */
        DUPLICATE,
        /** Migrations leaving the source are at their limit. */
        LIMIT_SOURCE,
        /** Migrations entering the target are at their limit. */
        LIMIT_TARGET,
        /** Migrations in the cluster are at their limit. */
        LIMIT_TOTAL,
        /** The target is still booting. */
        BOOTING,
        /** A host to power off still has guests. */
        NOT_EMPTY,
        /** The host already is in the power state asked for (or on its way). */
        POWER_STATE
    }

    public Refusal {
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
        constraint = constraint == null ? "" : constraint;
    }

    static Refusal of(Code code, String message) {
        return new Refusal(code, message, "");
    }
}
