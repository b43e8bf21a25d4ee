package org.attune.driver.sim.internal.engine;

import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.simulation.Workload;

/** A guest's mutable state inside the engine. Guarded by the cluster's lock. */
final class GuestRuntime {

    final String source;
    final GuestSpec spec;
    final String id;
    final Workload workload;
    /** Simulated second (since the cluster's start) at which the guest's workload started. */
    final double startTime;

    HostRuntime host;
    boolean stopped;
    SimMigration migration;

    // Latest step.
    /** What the workload asked for, capped by the guest's vCPUs. */
    double wanted;
    /** What it demanded from its host (0 while paused). */
    double demand;
    double allocated;

    // Integrals.
    double cpuTimeNanos;
    double lostWork;
    double migrationLostWork;

    GuestRuntime(String source, GuestSpec spec, HostRuntime host, double startTime) {
        this.source = source;
        this.spec = spec;
        this.id = spec.id();
        this.workload = spec.workload();
        this.host = host;
        this.startTime = startTime;
    }

    /** Most MIPS the guest can use on its current host: one core per vCPU. */
    double cap() {
        return spec.vcpus() * host.coreMips;
    }
}
