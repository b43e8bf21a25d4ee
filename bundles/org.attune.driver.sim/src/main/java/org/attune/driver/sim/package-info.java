/**
 * The simulated cluster for code that runs it itself, outside OSGi (tests, tools, benchmarks):
 * {@link org.attune.driver.sim.StandaloneSimCluster} builds the same engine, {@code HypervisorDriver}, probes
 * ({@code sim}, {@code sim-traffic}) and {@code PowerController} the bundle registers, from a scenario directory of
 * the driver's .cfg files or in code with the same keys and workload syntax, and reads its hosts, guests and totals
 * ({@link org.attune.driver.sim.HostReading}, {@link org.attune.driver.sim.GuestReading},
 * {@link org.attune.driver.sim.SimReadings}, {@link org.attune.driver.sim.SimTotals});
 * {@link org.attune.driver.sim.VirtualClock} is a {@link java.time.Clock} that moves only when told to, for
 * deterministic runs. In Karaf, use the services instead ({@code attune.driver.type=sim}) and configure them with
 * files.
 *
 * <p><b>Threading:</b> every method may be called from any thread. Simulated time moves only on the thread that
 * calls {@code advance} or {@code advanceTo}; migration results complete on that thread, once the simulation has
 * let go of its lock, so their listeners may call the cluster again.
 * <p><b>Blocking:</b> {@code advance} runs the simulation up to the target time on the caller's thread (about a
 * microsecond per host and event); the inventory, the status and a migration's progress read published snapshots
 * and never wait; the probes and the power switch return at once. Loading a scenario reads its files (and any trace
 * file a workload names) on the caller's thread.
 * <p><b>Errors:</b> a host or guest defined in code whose value, workload or traffic cannot be read is an
 * {@link java.lang.IllegalArgumentException} naming the key; one read from a scenario directory is left out and
 * listed in {@code problems()}, as in Karaf. A well-defined guest that cannot start yet (unknown or powered-off
 * host, no room, a name already used) waits and is listed in {@code problems()}. Driver and power calls that cannot
 * be carried out throw the API's {@code DriverException} and {@code PowerException}; an unknown host or guest in
 * the readings is an {@link java.lang.IllegalArgumentException} naming those that exist.
 */
@Export
@Version("1.0.0")
package org.attune.driver.sim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
