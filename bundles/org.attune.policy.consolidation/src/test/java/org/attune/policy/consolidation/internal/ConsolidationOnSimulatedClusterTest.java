package org.attune.policy.consolidation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.policy.Plan;
import org.attune.driver.sim.StandaloneSimCluster;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.attune.policy.consolidation.ConsolidationPolicy;
import org.attune.policy.consolidation.ConsolidationSettings;
import org.attune.testing.sim.SimulatedLoop;
import org.junit.jupiter.api.Test;

/**
 * P1 in the real control loop on the simulated cluster: 3 hosts of one 1000-MIPS core each run an active guest at
 * 800 MIPS (full by vCPU reservation); 3 inactive guests wait on a staging host. The loop moves the inactive guests
 * into the room the active ones leave: 6 guests on 3 hosts, no host ever overloaded, 3 places gained.
 */
class ConsolidationOnSimulatedClusterTest {

    @Test
    void inactiveGuestsFillTheRoomActiveGuestsLeave_nPlusMPlaced() {
        StandaloneSimCluster.Builder cluster = StandaloneSimCluster.builder();
        for (int i = 1; i <= 3; i++) {
            cluster.host("h" + i, "cpus = 1", "coreMips = 1000", "memoryMiB = 4096");
        }
        cluster.host("staging", "cpus = 1", "coreMips = 1000", "memoryMiB = 4096");
        for (int i = 1; i <= 3; i++) {
            cluster.guest("active" + i, "host = h" + i, "workload = constant 800");
        }
        for (int j = 1; j <= 3; j++) {
            cluster.guest("idle" + j, "host = staging", "workload = constant 5");
        }
        // 10 s cycles in 1 s steps, the orchestrator looking at its pending actions after each step, as it does on its
        // own when a migration ends in real time: the plan's later moves start as soon as the earlier ones are done.
        try (SimulatedLoop loop = SimulatedLoop.builder().cluster(cluster)
                .settings(OrchestratorSettings.defaults().withPolicy("consolidation").withLimits(1, 1, 0)
                        .withCooldown(2))
                .policy(new ConsolidationPolicy(ConsolidationSettings.defaults()), "consolidation")
                .step(Duration.ofSeconds(1)).cycle(Duration.ofSeconds(10)).build()) {
            loop.runCycles(40);

            StandaloneSimCluster sim = loop.cluster();
            for (int j = 1; j <= 3; j++) {
                assertThat(sim.hostOf("idle" + j)).as("timeline %s", loop.timeline()).isIn("h1", "h2", "h3");
            }
            for (int i = 1; i <= 3; i++) {
                assertThat(sim.hostOf("active" + i)).isEqualTo("h" + i);
            }
            assertThat(sim.totals().overloadedHostSeconds()).isZero();
            assertThat(loop.failures()).isEmpty();
            assertThat(loop.journal(Kind.ACTION_SUCCEEDED)).hasSize(3);
            Plan now = loop.orchestrator().proposePlan();
            assertThat(now.actions()).isEmpty();
            assertThat(now.notes()).anySatisfy(n -> assertThat(n).startsWith(
                    "overbooking: 3 places gained (6 guests placed on 3 hosts, 3 of them would fit by full vCPU reservation"));
        }
    }
}
