package org.attune.driver.sim.internal.engine;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationProgress;
import org.attune.api.driver.MigrationResult;
import org.attune.simulation.Durations;
import org.attune.simulation.SimulationEngine;

/**
 * One migration the simulated cluster started: the engine runs it (see {@link SimulationEngine} for the model); this
 * is its handle for the orchestrator. Its progress is published by the cluster under its lock and read here without
 * it; its result is completed by the cluster outside its lock. Times and bytes are simulated.
 */
final class SimMigrationJob implements MigrationJob {

    private static final double MIB = 1024 * 1024;

    private final SimCluster cluster;
    /** The engine's handle of the migration. */
    final int migration;
    private final String guestId;
    private final String sourceHostId;
    private final String targetHostId;
    private final MigrationOptions options;
    private final Instant started;
    private final CompletableFuture<MigrationResult> future = new CompletableFuture<>();
    private final AtomicReference<String> abortReason = new AtomicReference<>();
    private volatile MigrationProgress progress = MigrationProgress.UNKNOWN;

    // Guarded by the cluster's lock.
    private int round = 1;
    private MigrationResult result;

    SimMigrationJob(SimCluster cluster, int migration, String guestId, String sourceHostId, String targetHostId,
                    MigrationOptions options, Instant started) {
        this.cluster = cluster;
        this.migration = migration;
        this.guestId = guestId;
        this.sourceHostId = sourceHostId;
        this.targetHostId = targetHostId;
        this.options = options;
        this.started = started;
    }

    /** Publishes the engine's progress; called under the cluster's lock. */
    void publish(SimulationEngine.MigrationProgress p) {
        round = p.round();
        progress = new MigrationProgress(bytes(p.transferredMiB() + p.remainingMiB()), bytes(p.transferredMiB()),
                bytes(p.remainingMiB()), p.round());
    }

    /**
     * Ends the job as the engine ended the migration; the future is completed later, outside the cluster's lock, by
     * {@link #complete()}.
     *
     * @param detail what to report, the engine's detail unless the cluster knows better
     */
    MigrationResult finish(SimulationEngine.MigrationEnd end, String detail) {
        long sent = bytes(end.transferredMiB());
        progress = new MigrationProgress(sent, sent, 0, round);
        String finalHost = end.outcome() == MigrationResult.Outcome.SUCCEEDED ? targetHostId : sourceHostId;
        result = new MigrationResult(guestId, sourceHostId, targetHostId, options.mode(), end.outcome(), detail,
                Durations.ofSeconds(end.elapsedSeconds()), Durations.ofSeconds(end.downtimeSeconds()), sent, finalHost);
        return result;
    }

    /** Completes the future; called without holding the cluster's lock. */
    void complete() {
        future.complete(result);
    }

    /** Why the job was asked to abort, null when it was not. */
    String abortReason() {
        return abortReason.get();
    }

    private static long bytes(double miB) {
        return Math.round(miB * MIB);
    }

    @Override
    public String guestId() {
        return guestId;
    }

    @Override
    public String sourceHostId() {
        return sourceHostId;
    }

    @Override
    public String targetHostId() {
        return targetHostId;
    }

    @Override
    public MigrationOptions options() {
        return options;
    }

    @Override
    public Instant started() {
        return started;
    }

    @Override
    public MigrationProgress progress() {
        return progress;
    }

    @Override
    public CompletionStage<MigrationResult> result() {
        return future.minimalCompletionStage();
    }

    @Override
    public void abort(String reason) {
        abortReason.compareAndSet(null, reason == null || reason.isBlank() ? "no reason given" : reason);
        cluster.abortRequested();
    }

    @Override
    public String toString() {
        return "migration of " + guestId + " from " + sourceHostId + " to " + targetHostId + " (" + options.mode()
                + ", round " + progress.iteration() + ")";
    }
}
