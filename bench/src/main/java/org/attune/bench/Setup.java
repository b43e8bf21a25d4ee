package org.attune.bench;

import java.time.Duration;

import org.attune.model.validation.Limits;
import org.attune.orchestrator.standalone.OrchestratorSettings;

/**
 * What a run simulates besides the traces: the mode and, for the realistic mode, the figures its README states
 * (boot time, dirtying, the orchestrator's migration limits and cooldown). Immutable; the sensitivity table varies it.
 *
 * @param mode            the model
 * @param hostMemoryMiB   memory of every host as placement and migration see it
 * @param bootTime        how long a host takes to boot (realistic)
 * @param dirtyAtFullCpu  memory a guest dirties per second at 100 % CPU, MiB/s (realistic)
 * @param limits          concurrent migrations per source, per target, in total
 * @param cooldownCycles  cycles a guest stays put after a migration ends
 */
public record Setup(Mode mode, long hostMemoryMiB, Duration bootTime, double dirtyAtFullCpu, Limits limits,
                    int cooldownCycles) {

    /** Cycles a guest stays put after its migration: the orchestrator's default {@code cooldownCycles}. */
    public static final int ORCHESTRATOR_COOLDOWN_CYCLES = OrchestratorSettings.defaults().cooldownCycles();

    /** Concurrent migrations per host in realistic mode. */
    public static final int MIGRATIONS_PER_HOST = 2;

    /**
     * The mode's setup. Realistic: 4096 MiB hosts enforced, boot and dirtying as {@link Reference} states, at most two
     * migrations leaving and two entering a host at once, the orchestrator's cooldown. CloudSim-compatible: memory
     * reserved only at boot (so unbounded afterwards, as in the reference), no limits, no cooldown.
     */
    public static Setup of(Mode mode) {
        return mode == Mode.REALISTIC
                ? new Setup(mode, Reference.HOST_RAM_MIB, Reference.BOOT_TIME, Reference.DIRTY_MIBPS_AT_FULL_CPU,
                        new Limits(MIGRATIONS_PER_HOST, MIGRATIONS_PER_HOST, 0), ORCHESTRATOR_COOLDOWN_CYCLES)
                : new Setup(mode, 1L << 40, Duration.ZERO, 0, Limits.NONE, 0);
    }

    public Setup withBootTime(Duration value) {
        return new Setup(mode, hostMemoryMiB, value, dirtyAtFullCpu, limits, cooldownCycles);
    }

    public Setup withCooldown(int cycles) {
        return new Setup(mode, hostMemoryMiB, bootTime, dirtyAtFullCpu, limits, cycles);
    }

    public Setup withLimits(Limits value) {
        return new Setup(mode, hostMemoryMiB, bootTime, dirtyAtFullCpu, value, cooldownCycles);
    }

    public Setup withHostMemory(long miB) {
        return new Setup(mode, miB, bootTime, dirtyAtFullCpu, limits, cooldownCycles);
    }
}
