package org.attune.simulation;

/**
 * How a model shares each host's CPU among the guests that ask for it, and what that makes each host draw: one
 * implementation per {@link EngineSettings.Model}. The engine asks for a new allocation whenever demands, pauses,
 * migrations or power states change; between two allocations nothing changes, which is what lets the engine
 * integrate an interval in one step.
 *
 * <p>Not thread-safe: an allocation works on the engine's {@link Hosts} and {@link Guests}, guarded like them.
 */
interface CpuAllocation {

    /**
     * Recomputes, from the guests' workloads, pauses and migrations, what every live guest wants, asks of its host
     * and is allocated ({@link Guests#want}, {@link Guests#demand}, {@link Guests#allocated}), and every live host's
     * utilisation, demand share, violation, lost-work rate, watts and whether it is active.
     */
    void allocate();

    /** The allocation of the settings' model over these hosts and guests. */
    static CpuAllocation of(EngineSettings settings, Hosts hosts, Guests guests) {
        return settings.model() == EngineSettings.Model.CLOUDSIM
                ? new CloudsimAllocation(settings, hosts, guests)
                : new ProportionalAllocation(settings, hosts, guests);
    }
}
