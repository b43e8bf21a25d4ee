package org.attune.policy.locality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.driver.sim.VirtualClock;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.engine.SimProbe;
import org.attune.driver.sim.internal.engine.SimTrafficProbe;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.attune.orchestrator.standalone.StandaloneOrchestrator;
import org.attune.policy.locality.LocalityPolicy;
import org.attune.policy.locality.LocalitySettings;
import org.attune.simulation.Workloads;
import org.junit.jupiter.api.Test;

/**
 * The locality policy in the real control loop on the simulated cluster, its traffic from the sim's traffic probe
 * (as the guests' {@code traffic} configuration sets it): the chatty pair ends on one host, the quiet guests stay
 * where they are, and the journal gives cross-host traffic before and after.
 */
class LocalityOnSimulatedClusterTest {

    @Test
    void theChattyPairEndsOnOneHostAndStaysThere() {
        VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
        SimCluster cluster = new SimCluster(clock);
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addHost(HostSpec.of("h2", 2, 1000, 4096));
        cluster.addGuest(GuestSpec.of("web", 1, 512, "h1", Workloads.constant(300)));
        cluster.addGuest(GuestSpec.of("batch", 2, 512, "h1", Workloads.constant(1200)));
        cluster.addGuest(GuestSpec.of("db", 1, 512, "h2", Workloads.constant(400)));
        cluster.addGuest(GuestSpec.of("log", 1, 512, "h2", Workloads.constant(100)));
        SimTrafficProbe traffic = new SimTrafficProbe(cluster);
        traffic.define("web", "web", Map.of("db", 3e6, "log", 2e4));
        traffic.define("db", "db", Map.of("web", 1e6));
        cluster.advance();

        StandaloneOrchestrator engine = StandaloneOrchestrator.builder().settings(OrchestratorSettings.defaults()
                .withPolicy("locality").withCooldown(2)).clock(clock).manualPendingActions().build();
        try {
            engine.addDriver(cluster, "sim");
            engine.addProbe(new SimProbe(cluster));
            engine.addProbe(traffic);
            engine.addPolicy(new LocalityPolicy(LocalitySettings.defaults()), "locality");
            for (int i = 0; i < 30; i++) {
                clock.advance(Duration.ofSeconds(10));
                cluster.advance();
                engine.runCycle();
            }
            // h1 holds web 300 + batch 1200 = 1500 of 2000: db (400) would pass 80%, so web joins db on h2.
            assertThat(cluster.hostOf("web")).isEqualTo("h2");
            assertThat(cluster.hostOf("db")).isEqualTo("h2");
            assertThat(cluster.hostOf("batch")).isEqualTo("h1");
            assertThat(cluster.hostOf("log")).isEqualTo("h2");
            List<JournalEntry> journal = engine.journal(JournalQuery.all());
            assertThat(journal).noneMatch(e -> Set.of(Kind.ACTION_FAILED, Kind.ACTION_ABORTED, Kind.ERROR,
                    Kind.PROBE_ERROR).contains(e.kind()));
            List<JournalEntry> started = journal.stream().filter(e -> e.kind() == Kind.ACTION_STARTED).toList();
            assertThat(started).singleElement().satisfies(e -> {
                assertThat(e.guest()).isEqualTo("web");
                assertThat(e.message()).isEqualTo("live migration h1 -> h2: co-locate chatty pair db <-> web "
                        + "(4.0 MB/s): web to h2; cross-host traffic 4.0 MB/s -> 0 B/s");
            });
            assertThat(journal).anyMatch(e -> e.kind() == Kind.PLAN
                    && e.message().contains("cross-host traffic before 4.0 MB/s, after 0 B/s (2 pairs measured)"));
        } finally {
            engine.stop();
        }
    }
}
