package org.attune.simulation;

import org.attune.api.driver.MigrationResult.Outcome;

/**
 * One migration in progress and its phases. Live migration (PHYSICAL model) is pre-copy: round 1 sends the memory,
 * each further round what the guest dirtied during the previous one, until the rest can be sent within the maximum
 * downtime; then stop-and-copy sends it with the guest paused. After {@link SimulationEngine#FALLBACK_ROUND} rounds
 * that do not converge, post-copy switches over (a short pause, then the rest is sent with the guest running on its
 * target) or auto-converge throttles the guest's dirtying. A regular migration is one stop-and-copy; in the CloudSim
 * model every migration is one transfer of the memory, without rounds or downtime.
 *
 * <p>Within a phase the migration sends at {@link #rate}, which {@link Migrations} sets from the links it shares
 * whenever the state changes, and ends the phase once {@link #timeToPhaseEnd()} reaches zero.
 *
 * <p>Fields rather than accessors, for speed. Not thread-safe: the engine owns it and serialises access.
 */
final class Migration {

    /** The phases; a migration ends in DONE. */
    enum Phase { PRE_COPY, STOP_AND_COPY, POST_COPY_SWITCH, POST_COPY, TRANSFER, DONE }

    /** Less than one 4 KiB page left counts as converged, so a zero downtime limit cannot loop forever. */
    private static final double PAGE_MIB = 4.0 / 1024;
    private static final double MIB_EPSILON = 1e-9;

    final int id;
    final int guest;
    final int source;
    int target;
    final boolean live;
    final double started;
    /** The guest's memory, MiB. */
    final long memoryMiB;
    final double maxDowntime;
    /** Most it may send per second, MiB; 0 for no cap. */
    final double cap;
    final boolean autoConverge;
    final boolean postCopy;

    Phase phase;
    int round = 1;
    /** Still to send in this phase, MiB. */
    double remaining;
    /** Left of the post-copy switch, seconds. */
    double switchLeft;
    double roundElapsed;
    double transferred;
    double elapsed;
    double downtime;
    /** What the guest dirties per second in this round, MiB (throttle included). */
    double dirtyRate;
    /** Auto-converge's factor on the guest's dirty rate. */
    double throttle = 1;
    /** What it sends per second now, MiB. */
    double rate;

    /**
     * A migration in its first phase, with all of the guest's memory still to send.
     *
     * @param maxDowntime the request's maximum downtime, or the engine's default when the request has none
     * @param dirtyRate   what the guest dirties per second now (pre-copy), MiB
     */
    Migration(int id, int guest, int source, int target, MigrationRequest request, double maxDowntime,
              long memoryMiB, double started, Phase first, double dirtyRate) {
        this.id = id;
        this.guest = guest;
        this.source = source;
        this.target = target;
        this.live = request.live();
        this.started = started;
        this.memoryMiB = memoryMiB;
        this.cap = request.bandwidthCapMiBps();
        this.maxDowntime = maxDowntime;
        this.autoConverge = request.autoConverge();
        this.postCopy = request.postCopy();
        this.remaining = memoryMiB;
        this.phase = first;
        this.dirtyRate = dirtyRate;
    }

    /** The guest is paused: stop-and-copy, or the post-copy switch. */
    boolean paused() {
        return phase == Phase.STOP_AND_COPY || phase == Phase.POST_COPY_SWITCH;
    }

    /** It is sending memory, so it shares its hosts' links. */
    boolean sending() {
        return phase == Phase.PRE_COPY || phase == Phase.STOP_AND_COPY || phase == Phase.POST_COPY
                || phase == Phase.TRANSFER;
    }

    double timeToPhaseEnd() {
        if (phase == Phase.DONE) {
            return 0;
        }
        if (phase == Phase.POST_COPY_SWITCH) {
            return Math.max(0, switchLeft);
        }
        if (remaining <= MIB_EPSILON) {
            return 0;
        }
        return rate > 0 ? remaining / rate : Double.POSITIVE_INFINITY;
    }

    /** Sends for {@code dt} seconds at the current rate. */
    void advance(double dt) {
        if (dt <= 0 || phase == Phase.DONE) {
            return;
        }
        elapsed += dt;
        if (paused()) {
            downtime += dt;
        }
        if (phase == Phase.POST_COPY_SWITCH) {
            switchLeft -= dt;
            return;
        }
        double sent = Math.min(remaining, rate * dt);
        remaining -= sent;
        if (Math.abs(remaining) <= MIB_EPSILON * Math.max(1, memoryMiB)) {
            remaining = 0;
        }
        transferred += sent;
        roundElapsed += dt;
    }

    /**
     * Ends the current phase and enters the next one. A pre-copy round ends in stop-and-copy when what the guest
     * dirtied meanwhile can be sent within the maximum downtime, else in the post-copy switch after the fallback
     * round when post-copy is allowed, else in a further round.
     *
     * @param linkRate       what the links give it now, MiB per second (pre-copy, when it has no rate of its own)
     * @param guestDirtyRate what the guest dirties per second now, MiB, before any throttle (a new pre-copy round)
     */
    void nextPhase(double linkRate, double guestDirtyRate) {
        switch (phase) {
            case PRE_COPY -> {
                double dirtied = dirtyRate * roundElapsed;
                double r = rate > 0 ? rate : linkRate;
                if (dirtied / r <= maxDowntime || dirtied < PAGE_MIB) {
                    phase = Phase.STOP_AND_COPY;
                    remaining = dirtied;
                } else if (round >= SimulationEngine.FALLBACK_ROUND && postCopy) {
                    phase = Phase.POST_COPY_SWITCH;
                    switchLeft = SimulationEngine.POST_COPY_SWITCH_SECONDS;
                    remaining = dirtied;
                } else {
                    round++;
                    double t = throttle;
                    if (round > SimulationEngine.FALLBACK_ROUND && autoConverge) {
                        throttle *= SimulationEngine.AUTO_CONVERGE_FACTOR;
                        t = throttle;
                    }
                    dirtyRate = guestDirtyRate * t;
                    remaining = dirtied;
                    roundElapsed = 0;
                }
            }
            case POST_COPY_SWITCH -> phase = remaining > MIB_EPSILON ? Phase.POST_COPY : Phase.DONE;
            case STOP_AND_COPY, POST_COPY, TRANSFER -> phase = Phase.DONE;
            default -> {
            }
        }
    }

    SimulationEngine.MigrationProgress progress() {
        return new SimulationEngine.MigrationProgress(transferred, phase == Phase.POST_COPY_SWITCH ? 0 : remaining,
                round, elapsed, paused());
    }

    SimulationEngine.MigrationEnd ended(Outcome outcome, String detail) {
        return new SimulationEngine.MigrationEnd(id, guest, source, target, live, outcome, detail, started, elapsed,
                downtime, transferred);
    }
}
