package org.attune.driver.sim;

/**
 * A guest as of the engine's time.
 *
 * @param guestId           the guest's id (UUID)
 * @param name              its name
 * @param hostId            the host it runs on (the source while migrating)
 * @param demand            MIPS demanded from its host (workload capped by its vCPUs; 0 while paused)
 * @param allocated         MIPS it got
 * @param utilization       allocated over what its vCPUs could use on its host ({@code vcpus x coreMips}), 0..1
 * @param vcpus             its virtual CPUs
 * @param cpuTimeNanos      cumulative CPU time of all its vCPUs in nanoseconds (allocated / coreMips x time), a
 *                          counter that restarts at 0 when a migration ends, as a new QEMU process would
 * @param lostWork          what its workload asked and it did not get (beyond its vCPUs, overload, migration pauses),
 *                          MIPS-seconds
 * @param migrationLostWork what its workload asked and it did not get while migrating (pauses, overload), MIPS-seconds
 */
public record GuestReading(String guestId, String name, String hostId, double demand, double allocated,
                           double utilization, int vcpus, long cpuTimeNanos, double lostWork, double migrationLostWork) {
}
