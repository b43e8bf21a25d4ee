package org.attune.api;

import java.time.Instant;

/**
 * A migration the orchestrator has started and not yet seen end.
 *
 * @param guestId      the guest
 * @param fromHostId   source host
 * @param toHostId     target host
 * @param started      when it started
 * @param fractionDone 0..1, or -1 when unknown
 */
public record MigrationInFlight(String guestId, String fromHostId, String toHostId, Instant started,
                                double fractionDone) {
}
