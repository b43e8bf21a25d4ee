package org.attune.itests.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.driver.sim.StandaloneSimCluster;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.attune.policy.threshold.ThresholdPolicy;
import org.attune.policy.threshold.ThresholdSettings;
import org.attune.testing.sim.SimulatedLoop;
import org.junit.jupiter.api.Test;

/**
 * The validation scenario, in process, on a virtual clock: the shipped simulated cluster configuration (the
 * very files the distribution installs), the orchestrator with the shipped period (2 s wall = 8 s simulated
 * at the shipped speed-up of 4) and the threshold policy with its shipped settings. One period of the
 * scenario's load pattern must give exactly one migration out when load rises and one back when it falls.
 */
class ScenarioVirtualClockTest {

    /** The simulated seconds one orchestrator cycle stands for in the demo (2 s period x speed-up 4). */
    private static final Duration CYCLE = Duration.ofSeconds(8);

    private static final Path SHIPPED_SCENARIO = Path.of(System.getProperty("attune.sim.cfg",
            "../bundles/org.attune.driver.sim/src/main/cfg"));

    @Test
    void oneMigrationOutWhenLoadRisesAndOneBackWhenItFalls() {
        // One cycle every 8 s, the cluster advanced once per cycle, the placement of the app guests on the timeline.
        try (SimulatedLoop loop = SimulatedLoop.builder().scenario(SHIPPED_SCENARIO)
                .settings(OrchestratorSettings.defaults().withCooldown(5))
                .policy(new ThresholdPolicy(ThresholdSettings.defaults()), ThresholdPolicy.NAME)
                .step(CYCLE).cycle(CYCLE)
                .timeline(l -> l.cluster().hostOf("app1") + "/" + l.cluster().hostOf("app2")).build()) {
            StandaloneSimCluster cluster = loop.cluster();
            assertThat(cluster.hostOf("app1")).isEqualTo("host1");
            assertThat(cluster.hostOf("app2")).isEqualTo("host1");
            // One period of the load pattern (400 s simulated).
            loop.runFor(Duration.ofSeconds(400));

            List<JournalEntry> migrations = loop.journal(Kind.ACTION_STARTED, Kind.ACTION_SUCCEEDED,
                    Kind.ACTION_FAILED, Kind.ACTION_ABORTED);
            List<JournalEntry> succeeded = migrations.stream().filter(e -> e.kind() == Kind.ACTION_SUCCEEDED).toList();
            assertThat(migrations).as("placements per cycle: %s", loop.timeline())
                    .extracting(JournalEntry::kind)
                    .containsExactly(Kind.ACTION_STARTED, Kind.ACTION_SUCCEEDED, Kind.ACTION_STARTED,
                            Kind.ACTION_SUCCEEDED);

            JournalEntry out = succeeded.get(0);
            JournalEntry back = succeeded.get(1);
            assertThat(out.guest()).as("the same app guest goes out and comes back").isEqualTo(back.guest())
                    .isIn("app1", "app2");
            assertThat(out.host()).isIn("host2", "host3");
            assertThat(out.message()).startsWith("live migration host1 -> " + out.host() + " succeeded");
            assertThat(back.host()).isEqualTo("host1");
            assertThat(out.policy()).isEqualTo("threshold");
            assertThat(back.policy()).isEqualTo("threshold");
            // Out while the load is high (ramp ends at 100 s, hold until 260 s), back once it has fallen (after 320 s).
            long outAt = Duration.between(loop.start(), out.time()).toSeconds();
            long backAt = Duration.between(loop.start(), back.time()).toSeconds();
            assertThat(outAt).isBetween(80L, 200L);
            assertThat(backAt).isBetween(290L, 400L);
            assertThat(cluster.hostOf("app1")).isEqualTo("host1");
            assertThat(cluster.hostOf("app2")).isEqualTo("host1");
            assertThat(loop.journal(Kind.ERROR, Kind.PROBE_ERROR)).isEmpty();
        }
    }
}
