/**
 * The one cluster simulation engine ({@link org.attune.simulation.SimulationEngine}): event-driven in simulated
 * seconds, with CPU sharing, memory, power states with boot and shutdown, pre-copy live migration over shared host
 * links, energy and SLA accounting, and CloudSim 3.0.3's model as a mode. Also the workloads it plays
 * ({@link org.attune.simulation.Workload}, {@link org.attune.simulation.Workloads}), the PlanetLab trace reader and
 * the duration syntax of the simulated driver's configuration. The simulated-cluster driver and the PlanetLab
 * benchmark both run it.
 */
@Export
@Version("1.0.0")
package org.attune.simulation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
