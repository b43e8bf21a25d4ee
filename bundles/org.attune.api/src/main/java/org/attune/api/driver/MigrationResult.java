package org.attune.api.driver;

import java.time.Duration;
import java.util.Objects;

/**
 * How a migration ended.
 *
 * @param guestId          the guest
 * @param sourceHostId     where it was
 * @param targetHostId     where it was meant to go
 * @param mode             live or regular
 * @param outcome          succeeded, failed or aborted
 * @param detail           one line for humans (the hypervisor's error on failure)
 * @param total            wall time from start to end
 * @param downtime         how long the guest was paused, null when the driver does not know
 * @param bytesTransferred bytes sent, -1 when unknown
 * @param finalHostId      the host the guest runs on after the job, as the hypervisor reports it
 */
public record MigrationResult(String guestId, String sourceHostId, String targetHostId, MigrationMode mode,
                              Outcome outcome, String detail, Duration total, Duration downtime,
                              long bytesTransferred, String finalHostId) {

    /** The end of a migration. */
    public enum Outcome {
        SUCCEEDED, FAILED, ABORTED
    }

    public MigrationResult {
        Objects.requireNonNull(guestId, "guestId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(total, "total");
        detail = detail == null ? "" : detail;
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }
}
