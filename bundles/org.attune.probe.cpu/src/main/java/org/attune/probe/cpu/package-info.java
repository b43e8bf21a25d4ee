/**
 * CPU probes' shared arithmetic: {@link org.attune.probe.cpu.CpuRateCalculator} turns cumulative CPU-time
 * counters (nanoseconds of CPU used by a guest's vCPUs, as hypervisors report them) into
 * {@link org.attune.probe.cpu.CpuRate}s. A driver's {@code cpu} probe feeds it its readings.
 */
@Export
@Version("1.0.0")
package org.attune.probe.cpu;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
