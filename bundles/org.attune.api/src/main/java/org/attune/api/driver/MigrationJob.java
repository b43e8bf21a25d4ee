package org.attune.api.driver;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A migration in progress, created by {@link HypervisorDriver#migrate}.
 *
 * <p>Thread-safe. {@link #result()} completes exactly once, normally, with a {@link MigrationResult}
 * (never exceptionally); callbacks may run on a driver thread and must not block.
 */
@ConsumerType
public interface MigrationJob {

    String guestId();

    String sourceHostId();

    String targetHostId();

    MigrationOptions options();

    Instant started();

    /** The latest progress the driver knows; never blocks. */
    MigrationProgress progress();

    /** Completes when the migration has ended, whatever the outcome. */
    CompletionStage<MigrationResult> result();

    /**
     * Asks the driver to abort. The job then completes with {@link MigrationResult.Outcome#ABORTED}, or with
     * its real outcome if it finished first. Never blocks; calling it twice is harmless.
     */
    void abort(String reason);
}
