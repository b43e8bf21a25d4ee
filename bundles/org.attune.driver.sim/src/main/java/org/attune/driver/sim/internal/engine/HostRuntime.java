package org.attune.driver.sim.internal.engine;

import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.driver.sim.internal.model.HostSpec;

/** A host's mutable state inside the engine. Guarded by the cluster's lock; fields for speed, not style. */
final class HostRuntime {

    final String source;
    final HostSpec spec;
    final String id;
    final double capacity;
    final double coreMips;
    final PowerProfile power;

    PowerState powerState;
    /** Seconds left until BOOTING becomes ON or SHUTTING_DOWN becomes OFF. */
    double transitionLeft;
    /** Memory of the guests placed here (including those migrating away) plus guests migrating here. */
    long memoryCommitted;

    // Latest step.
    double demand;
    double overhead;
    double scale = 1;
    double demandShare;
    double utilization;
    double watts;

    // Integrals.
    double energyJoules;
    double lostWork;
    double activeSeconds;
    double overloadedSeconds;

    HostRuntime(String source, HostSpec spec) {
        this.source = source;
        this.spec = spec;
        this.id = spec.name();
        this.capacity = spec.capacity();
        this.coreMips = spec.coreMips();
        this.power = spec.powerProfile();
        this.powerState = spec.poweredOn() ? PowerState.ON : PowerState.OFF;
    }
}
