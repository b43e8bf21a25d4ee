package org.attune.api;

/** Names and units of the metrics Attune's own probes publish. Other probes may add more. */
public final class Metrics {

    /**
     * Host: share of CPU capacity in use, 0..1. Guest: share of its vCPUs in use, 0..1.
     */
    public static final String CPU_UTILIZATION = "cpu.utilization";

    /**
     * Host: CPU demanded by its guests as a share of capacity; may exceed 1 when overloaded.
     * Guest: CPU demanded in the host capacity unit (see {@link Host#cpuCapacity()}).
     */
    public static final String CPU_DEMAND = "cpu.demand";

    /** Host: electrical power in watts (0 when off). */
    public static final String POWER_WATTS = "power.watts";

    /** Tier: requests per second served by the tier's front end. */
    public static final String REQUEST_RATE = "http.request.rate";

    private Metrics() {
    }
}
