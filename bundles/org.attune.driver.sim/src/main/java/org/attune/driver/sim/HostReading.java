package org.attune.driver.sim;

import org.attune.api.PowerState;

/**
 * A host as of the engine's time.
 *
 * @param hostId            the host
 * @param power             power state
 * @param capacity          CPU capacity, MIPS
 * @param demandShare       demand (guests plus migration overhead) over capacity; may exceed 1
 * @param utilization       delivered CPU over capacity, 0..1
 * @param watts             power drawn
 * @param energyJoules      energy drawn since the host was added
 * @param lostWork          CPU asked of the host and not delivered since it was added (overload shortfall, and what
 *                          guests asked beyond their vCPUs), MIPS-seconds
 * @param overloadedSeconds time spent active and overloaded (demand above capacity, or a guest asking more than its
 *                          vCPUs)
 */
public record HostReading(String hostId, PowerState power, double capacity, double demandShare, double utilization,
                          double watts, double energyJoules, double lostWork, double overloadedSeconds) {
}
