package org.attune.driver.sim.internal.engine;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationMode;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationProgress;
import org.attune.api.driver.MigrationResult;
import org.attune.simulation.Durations;

/**
 * One simulated migration, advanced by the engine step by step (see the package README for the model).
 * <ul>
 * <li>LIVE, pre-copy: round 1 sends all memory at bandwidth B; round k sends what was dirtied during round k-1
 * (dirty rate x its duration). After a round, if what it dirtied can be sent within the maximum downtime, the
 * guest pauses for that final copy (stop-and-copy) and the migration ends. After {@value #FALLBACK_ROUND}
 * rounds without converging: auto-converge throttles the dirty rate by 20 % per further round; post-copy
 * switches (a {@value #POST_COPY_SWITCH_SECONDS} s pause) and pulls the rest while the guest runs; otherwise
 * rounds go on until the job is aborted.</li>
 * <li>REGULAR: the guest is paused while all its memory is sent; downtime equals total time.</li>
 * </ul>
 * The state is guarded by the cluster's lock; {@link #progress()} reads volatile copies and never blocks.
 */
final class SimMigration implements MigrationJob {

    /** Pre-copy rounds before auto-converge or post-copy kick in. */
    static final int FALLBACK_ROUND = 30;
    /** Auto-converge multiplies the dirty rate by this once per round after the fallback round. */
    static final double AUTO_CONVERGE_FACTOR = 0.8;
    static final double POST_COPY_SWITCH_SECONDS = 0.05;
    static final double DEFAULT_MAX_DOWNTIME_SECONDS = 0.3;
    /** Share of the guest's demand the destination carries during a migration (CloudSim's model). */
    static final double DESTINATION_OVERHEAD = 0.1;
    /** Less than one 4 KiB page left counts as converged, so that a zero downtime limit cannot loop forever. */
    private static final double PAGE_MIB = 4.0 / 1024;
    private static final double MIB = 1024 * 1024;

    private enum Phase { PRE_COPY, STOP_AND_COPY, POST_COPY_SWITCH, POST_COPY, DONE }

    private final SimCluster cluster;
    final GuestRuntime guest;
    final HostRuntime source;
    final HostRuntime target;
    private final MigrationOptions options;
    private final Instant started;
    private final CompletableFuture<MigrationResult> future = new CompletableFuture<>();
    private final double memory;
    private final double bandwidth;
    private final double maxDowntime;

    // Guarded by the cluster's lock.
    private Phase phase;
    private double dirtyRate;
    private int round;
    private double roundLeft;
    private double roundElapsed;
    private double phaseLeft;
    private double transferred;
    private double elapsed;
    private double downtime;
    /** Seconds the guest was paused during the latest step. */
    double pausedInStep;
    MigrationResult result;

    // Published for progress(); written under the lock, read without it.
    private volatile long progressTransferred;
    private volatile long progressRemaining;
    private volatile int progressRound;
    volatile String abortReason;

    SimMigration(SimCluster cluster, GuestRuntime guest, HostRuntime target, MigrationOptions options, Instant started) {
        this.cluster = cluster;
        this.guest = guest;
        this.source = guest.host;
        this.target = target;
        this.options = options;
        this.started = started;
        this.memory = guest.spec.memoryMiB();
        this.bandwidth = options.bandwidthMiBps() > 0 ? options.bandwidthMiBps()
                : Math.min(source.spec.bandwidthMiBps(), target.spec.bandwidthMiBps());
        this.maxDowntime = options.maxDowntime() != null ? Durations.seconds(options.maxDowntime())
                : DEFAULT_MAX_DOWNTIME_SECONDS;
        this.dirtyRate = guest.spec.dirtyRateMiBps();
        this.round = 1;
        if (options.mode() == MigrationMode.REGULAR) {
            phase = Phase.STOP_AND_COPY;
            phaseLeft = memory / bandwidth;
            downtime = phaseLeft;
        } else {
            phase = Phase.PRE_COPY;
            roundLeft = memory;
        }
        publish();
    }

    /**
     * Runs the migration for {@code dt} simulated seconds (or until it ends) and records in {@link #pausedInStep}
     * how long the guest was paused meanwhile.
     */
    void advance(double dt) {
        double left = dt;
        double paused = 0;
        while (left > 0 && phase != Phase.DONE) {
            switch (phase) {
                case PRE_COPY: {
                    double need = roundLeft / bandwidth;
                    if (need > left) {
                        send(bandwidth * left);
                        roundLeft -= bandwidth * left;
                        roundElapsed += left;
                        left = 0;
                    } else {
                        send(roundLeft);
                        roundElapsed += need;
                        left -= need;
                        endRound();
                    }
                    break;
                }
                case STOP_AND_COPY:
                case POST_COPY_SWITCH: {
                    double used = Math.min(left, phaseLeft);
                    if (phase == Phase.STOP_AND_COPY) {
                        send(bandwidth * used);
                    }
                    paused += used;
                    phaseLeft -= used;
                    left -= used;
                    if (phaseLeft <= 1e-12) {
                        phase = phase == Phase.STOP_AND_COPY || roundLeft <= 0 ? Phase.DONE : Phase.POST_COPY;
                    }
                    break;
                }
                case POST_COPY: {
                    double need = roundLeft / bandwidth;
                    double used = Math.min(left, need);
                    send(bandwidth * used);
                    roundLeft -= bandwidth * used;
                    left -= used;
                    if (used >= need) {
                        roundLeft = 0;
                        phase = Phase.DONE;
                    }
                    break;
                }
                default:
                    break;
            }
        }
        elapsed += dt - left;
        pausedInStep = paused;
        publish();
    }

    private void endRound() {
        double dirtied = dirtyRate * roundElapsed;
        if (dirtied / bandwidth <= maxDowntime || dirtied < PAGE_MIB) {
            phase = Phase.STOP_AND_COPY;
            phaseLeft = dirtied / bandwidth;
            downtime += phaseLeft;
            roundLeft = 0;
            return;
        }
        if (round >= FALLBACK_ROUND && options.postCopy()) {
            phase = Phase.POST_COPY_SWITCH;
            phaseLeft = POST_COPY_SWITCH_SECONDS;
            downtime += POST_COPY_SWITCH_SECONDS;
            roundLeft = dirtied;
            return;
        }
        round++;
        if (round > FALLBACK_ROUND && options.autoConverge()) {
            dirtyRate *= AUTO_CONVERGE_FACTOR;
        }
        roundLeft = dirtied;
        roundElapsed = 0;
    }

    private void send(double miB) {
        transferred += miB;
    }

    private void publish() {
        double remaining;
        switch (phase) {
            case STOP_AND_COPY:
                remaining = phaseLeft * bandwidth;
                break;
            case DONE:
                remaining = 0;
                break;
            default:
                remaining = roundLeft;
        }
        progressTransferred = (long) (transferred * MIB);
        progressRemaining = (long) (remaining * MIB);
        progressRound = round;
    }

    boolean done() {
        return phase == Phase.DONE;
    }

    boolean paused() {
        return phase == Phase.STOP_AND_COPY || phase == Phase.POST_COPY_SWITCH;
    }

    /** Ends the job with an outcome; the future is completed later, outside the lock, by {@link #complete()}. */
    MigrationResult finish(MigrationResult.Outcome outcome, String detail) {
        phase = Phase.DONE;
        String finalHost = outcome == MigrationResult.Outcome.SUCCEEDED ? target.id : source.id;
        result = new MigrationResult(guest.id, source.id, target.id, options.mode(), outcome, detail,
                Durations.ofSeconds(elapsed), Durations.ofSeconds(downtime), (long) (transferred * MIB), finalHost);
        publish();
        return result;
    }

    /** Completes the future; called without holding the cluster's lock. */
    void complete() {
        future.complete(result);
    }

    /** Simulated seconds since the start. */
    double elapsedSeconds() {
        return elapsed;
    }

    @Override
    public String guestId() {
        return guest.id;
    }

    @Override
    public String sourceHostId() {
        return source.id;
    }

    @Override
    public String targetHostId() {
        return target.id;
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
        long done = progressTransferred;
        long remaining = progressRemaining;
        return new MigrationProgress(done + remaining, done, remaining, progressRound);
    }

    @Override
    public CompletionStage<MigrationResult> result() {
        return future.minimalCompletionStage();
    }

    @Override
    public void abort(String reason) {
        if (abortReason == null) {
            abortReason = reason == null || reason.isBlank() ? "no reason given" : reason;
        }
        cluster.abortRequested(this);
    }

    @Override
    public String toString() {
        return "migration of " + guest.spec.name() + " from " + source.id + " to " + target.id + " ("
                + options.mode() + ", " + phase + ", round " + round + ", " + Durations.format(elapsed) + ")";
    }
}
