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

    /**
     * Guest: bytes per second the guest sends to one peer guest. The metric name is this prefix followed by
     * the peer's guest id ({@link #traffic(String)}); the bytes two guests exchange are the sum of both
     * directions. Published by traffic probes (the simulated cluster's from its configuration).
     * @since 1.1
     */
    public static final String TRAFFIC_PREFIX = "net.traffic.to:";

    /** Tier: requests per second served by the tier's front end. */
    public static final String REQUEST_RATE = "http.request.rate";

    /** The traffic metric towards one peer guest: {@link #TRAFFIC_PREFIX} + the peer's id. @since 1.1 */
    public static String traffic(String peerGuestId) {
        return TRAFFIC_PREFIX + peerGuestId;
    }

    private Metrics() {
    }
}
