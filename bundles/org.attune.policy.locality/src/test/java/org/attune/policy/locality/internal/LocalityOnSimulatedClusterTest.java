package org.attune.policy.locality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.driver.sim.StandaloneSimCluster;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.attune.policy.locality.LocalityPolicy;
import org.attune.policy.locality.LocalitySettings;
import org.attune.testing.sim.SimulatedLoop;
import org.junit.jupiter.api.Test;

/**
 * The locality policy in the real control loop on the simulated cluster, its traffic from the sim's traffic probe
 * (as the guests' {@code traffic} configuration sets it): the chatty pair ends on one host, the quiet guests stay
 * where they are, and the journal gives cross-host traffic before and after.
 */
class LocalityOnSimulatedClusterTest {

    @Test
    void theChattyPairEndsOnOneHostAndStaysThere() {
        StandaloneSimCluster.Builder cluster = StandaloneSimCluster.builder()
                .host("h1", "cpus = 2", "coreMips = 1000", "memoryMiB = 4096")
                .host("h2", "cpus = 2", "coreMips = 1000", "memoryMiB = 4096")
                .guest("web", "host = h1", "workload = constant 300", "traffic = db:3M, log:20k")
                .guest("batch", "host = h1", "vcpus = 2", "workload = constant 1200")
                .guest("db", "host = h2", "workload = constant 400", "traffic = web:1M")
                .guest("log", "host = h2", "workload = constant 100");
        // One cycle every 10 s, the cluster advanced once per cycle.
        try (SimulatedLoop loop = SimulatedLoop.builder().cluster(cluster)
                .settings(OrchestratorSettings.defaults().withPolicy("locality").withCooldown(2))
                .policy(new LocalityPolicy(LocalitySettings.defaults()), "locality")
                .step(Duration.ofSeconds(10)).cycle(Duration.ofSeconds(10)).build()) {
            loop.runCycles(30);

            StandaloneSimCluster sim = loop.cluster();
            // h1 holds web 300 + batch 1200 = 1500 of 2000: db (400) would pass 80%, so web joins db on h2.
            assertThat(sim.hostOf("web")).as("timeline %s", loop.timeline()).isEqualTo("h2");
            assertThat(sim.hostOf("db")).isEqualTo("h2");
            assertThat(sim.hostOf("batch")).isEqualTo("h1");
            assertThat(sim.hostOf("log")).isEqualTo("h2");
            assertThat(loop.failures()).isEmpty();
            List<JournalEntry> started = loop.journal(Kind.ACTION_STARTED);
            assertThat(started).singleElement().satisfies(e -> {
                assertThat(e.guest()).isEqualTo("web");
                assertThat(e.message()).isEqualTo("live migration h1 -> h2: co-locate chatty pair db <-> web "
                        + "(4.0 MB/s): web to h2; cross-host traffic 4.0 MB/s -> 0 B/s");
            });
            assertThat(loop.journal(Kind.PLAN)).anyMatch(e ->
                    e.message().contains("cross-host traffic before 4.0 MB/s, after 0 B/s (2 pairs measured)"));
        }
    }
}
