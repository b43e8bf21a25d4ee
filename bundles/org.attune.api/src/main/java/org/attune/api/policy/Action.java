package org.attune.api.policy;

import java.util.Objects;

import org.attune.api.driver.MigrationMode;

/** One step of a {@link Plan}. Every action carries a reason a human can read. */
public sealed interface Action permits Action.Migrate, Action.PowerOff, Action.PowerOn {

    /** Why the policy wants this. */
    String reason();

    /** Move a guest from one host to another. */
    record Migrate(String guestId, String fromHostId, String toHostId, MigrationMode mode, String reason)
            implements Action {
        public Migrate {
            Objects.requireNonNull(guestId, "guestId");
            Objects.requireNonNull(fromHostId, "fromHostId");
            Objects.requireNonNull(toHostId, "toHostId");
            Objects.requireNonNull(mode, "mode");
            reason = reason == null ? "" : reason;
        }
    }

    /** Power an (empty) host off. */
    record PowerOff(String hostId, String reason) implements Action {
        public PowerOff {
            Objects.requireNonNull(hostId, "hostId");
            reason = reason == null ? "" : reason;
        }
    }

    /** Power a host on. */
    record PowerOn(String hostId, String reason) implements Action {
        public PowerOn {
            Objects.requireNonNull(hostId, "hostId");
            reason = reason == null ? "" : reason;
        }
    }

    static Migrate live(String guestId, String from, String to, String reason) {
        return new Migrate(guestId, from, to, MigrationMode.LIVE, reason);
    }
}
