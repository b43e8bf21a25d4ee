package org.attune.simulation;

import java.util.Objects;

/**
 * How the engine models a cluster. Immutable.
 *
 * @param model               {@link Model#PHYSICAL} or {@link Model#CLOUDSIM}
 * @param sourceDegradation   share of its allocation a guest loses while it migrates (CloudSim: 0.1), 0..1
 * @param destinationOverhead share of a migrating guest's demand its target carries meanwhile (CloudSim: 0.1), 0..1
 * @param maxStepSeconds      longest step between two samples of a continuously changing workload (sine, ramp,
 *                            points); piecewise-constant workloads are sampled exactly when they change
 * @param maxDowntimeSeconds  a live migration's default maximum downtime: pre-copy stops when what is left can be
 *                            sent within it
 */
public record EngineSettings(Model model, double sourceDegradation, double destinationOverhead, double maxStepSeconds,
                             double maxDowntimeSeconds) {

    /** The two models of the engine. */
    public enum Model {
        /**
         * Proportional CPU sharing (an overloaded host scales every guest down by capacity / demand), power by the
         * host's state (ON: its curve; BOOTING, SHUTTING_DOWN: their watts; OFF: 0) integrated exactly between
         * events, pre-copy live migration (and paused regular migration) over host links shared by the
         * migrations using them. A guest uses at most one core per vCPU; what it asks beyond that is lost. A host
         * violates its guests' SLA while its demand (migration overhead included) exceeds its capacity or one of its
         * guests asks more than its cores give; it is active for SLA purposes while it is ON with guests on it or
         * coming. Requested work is what the workloads ask, uncapped.
         */
        PHYSICAL,
        /**
         * CloudSim 3.0.3's power model, quirks included, for fidelity with published figures: time-shared CPU with
         * over-subscription (demand capped at one core per vCPU, every allocation scaled and floored when a host
         * is over-subscribed); a migrating guest's full demand already counts as requested on its target, which
         * reserves only the overhead share; a host at 0 % CPU is off and draws nothing; energy is the trapezoid
         * between accounting instants, the later one taken after demand updates; a migration takes memory /
         * link bandwidth, unshared, without rounds or downtime.
         */
        CLOUDSIM
    }

    public EngineSettings {
        Objects.requireNonNull(model, "model");
        if (!(sourceDegradation >= 0 && sourceDegradation < 1) || !(destinationOverhead >= 0 && destinationOverhead <= 1)) {
            throw new IllegalArgumentException("sourceDegradation must be in [0, 1) and destinationOverhead in [0, 1], "
                    + "were " + sourceDegradation + ", " + destinationOverhead);
        }
        if (!(maxStepSeconds > 0)) {
            throw new IllegalArgumentException("maxStepSeconds must be positive, was " + maxStepSeconds);
        }
        if (!(maxDowntimeSeconds >= 0) || Double.isInfinite(maxDowntimeSeconds)) {
            throw new IllegalArgumentException("maxDowntimeSeconds must not be negative, was " + maxDowntimeSeconds);
        }
    }

    /** The simulated driver's defaults: no source degradation, 10 % overhead on the target, 1 s steps, 300 ms downtime. */
    public static EngineSettings physical() {
        return new EngineSettings(Model.PHYSICAL, 0, 0.1, 1, 0.3);
    }

    /** CloudSim 3.0.3's power package: 10 % degradation, 10 % on the target. */
    public static EngineSettings cloudsim() {
        return new EngineSettings(Model.CLOUDSIM, 0.1, 0.1, 1, 0);
    }

    public EngineSettings withSourceDegradation(double share) {
        return new EngineSettings(model, share, destinationOverhead, maxStepSeconds, maxDowntimeSeconds);
    }

    public EngineSettings withMaxStep(double seconds) {
        return new EngineSettings(model, sourceDegradation, destinationOverhead, seconds, maxDowntimeSeconds);
    }
}
