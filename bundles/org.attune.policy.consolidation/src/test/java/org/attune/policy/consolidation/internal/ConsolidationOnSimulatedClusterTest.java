package org.attune.policy.consolidation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.policy.Plan;
import org.attune.driver.sim.VirtualClock;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.engine.SimProbe;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.attune.orchestrator.standalone.StandaloneOrchestrator;
import org.attune.policy.consolidation.ConsolidationPolicy;
import org.attune.policy.consolidation.ConsolidationSettings;
import org.attune.simulation.Workloads;
import org.junit.jupiter.api.Test;

/**
 * P1 in the real control loop on the simulated cluster: 3 hosts of one 1000-MIPS core each run an active guest at
 * 800 MIPS (full by vCPU reservation); 3 inactive guests wait on a staging host. The loop moves the inactive guests
 * into the room the active ones leave: 6 guests on 3 hosts, no host ever overloaded, 3 places gained.
 */
class ConsolidationOnSimulatedClusterTest {

    @Test
    void inactiveGuestsFillTheRoomActiveGuestsLeave_nPlusMPlaced() {
        VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
        SimCluster cluster = new SimCluster(clock);
        for (int i = 1; i <= 3; i++) {
            cluster.addHost(HostSpec.of("h" + i, 1, 1000, 4096));
            cluster.addGuest(GuestSpec.of("active" + i, 1, 512, "h" + i, Workloads.constant(800)));
        }
        cluster.addHost(HostSpec.of("staging", 1, 1000, 4096));
        for (int j = 1; j <= 3; j++) {
            cluster.addGuest(GuestSpec.of("idle" + j, 1, 512, "staging", Workloads.constant(5)));
        }
        cluster.advance();
        ConsolidationPolicy policy = new ConsolidationPolicy(ConsolidationSettings.defaults());
        StandaloneOrchestrator engine = StandaloneOrchestrator.builder().settings(OrchestratorSettings.defaults()
                .withPolicy("consolidation").withLimits(1, 1, 0).withCooldown(2)).clock(clock)
                .manualPendingActions().build();
        try {
            engine.addDriver(cluster, "sim");
            engine.addProbe(new SimProbe(cluster));
            engine.addPolicy(policy, "consolidation");
            for (int i = 0; i < 40; i++) {
                // 1 s steps, the orchestrator looking at its pending actions after each, as it does on its own when
                // a migration ends in real time: the plan's later moves start as soon as the earlier ones are done.
                for (int s = 0; s < 10; s++) {
                    clock.advance(Duration.ofSeconds(1));
                    cluster.advance();
                    engine.processPendingActions();
                }
                engine.runCycle();
            }
            for (int j = 1; j <= 3; j++) {
                assertThat(cluster.hostOf("idle" + j)).isIn("h1", "h2", "h3");
            }
            for (int i = 1; i <= 3; i++) {
                assertThat(cluster.hostOf("active" + i)).isEqualTo("h" + i);
            }
            assertThat(cluster.totals().overloadedHostSeconds()).isZero();
            List<JournalEntry> journal = engine.journal(JournalQuery.all());
            assertThat(journal).noneMatch(e -> Set.of(Kind.ACTION_FAILED, Kind.ACTION_ABORTED, Kind.ERROR,
                    Kind.PROBE_ERROR).contains(e.kind()));
            assertThat(journal.stream().filter(e -> e.kind() == Kind.ACTION_SUCCEEDED)).hasSize(3);
            Plan now = engine.proposePlan();
            assertThat(now.actions()).isEmpty();
            assertThat(now.notes()).anySatisfy(n -> assertThat(n).startsWith(
                    "overbooking: 3 places gained (6 guests placed on 3 hosts, 3 of them would fit by full vCPU reservation"));
        } finally {
            engine.stop();
        }
    }
}
