package org.attune.itests.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.driver.sim.VirtualClock;
import org.attune.driver.sim.internal.config.SimScenario;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.engine.SimProbe;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.attune.orchestrator.standalone.StandaloneOrchestrator;
import org.attune.policy.threshold.ThresholdPolicy;
import org.attune.policy.threshold.ThresholdSettings;
import org.junit.jupiter.api.AfterEach;
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

    private StandaloneOrchestrator engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    @Test
    void oneMigrationOutWhenLoadRisesAndOneBackWhenItFalls() throws Exception {
        VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
        SimCluster cluster = SimScenario.load(SHIPPED_SCENARIO, clock);
        Instant start = clock.instant();
        engine = StandaloneOrchestrator.builder().settings(OrchestratorSettings.defaults().withCooldown(5))
                .clock(clock).manualPendingActions().build();
        engine.addDriver(cluster, "sim");
        engine.addProbe(new SimProbe(cluster));
        engine.addPolicy(new ThresholdPolicy(ThresholdSettings.defaults()), ThresholdPolicy.NAME);

        assertThat(cluster.hostOf("app1")).isEqualTo("host1");
        assertThat(cluster.hostOf("app2")).isEqualTo("host1");
        List<String> placements = new ArrayList<>();
        // One period of the load pattern (400 s simulated), one orchestrator cycle every 8 s.
        while (Duration.between(start, clock.instant()).compareTo(Duration.ofSeconds(400)) < 0) {
            clock.advance(CYCLE);
            cluster.advance();
            engine.runCycle();
            placements.add(Duration.between(start, clock.instant()).toSeconds() + "s " + cluster.hostOf("app1") + "/"
                    + cluster.hostOf("app2"));
        }

        List<JournalEntry> migrations = engine.journal(JournalQuery.all().ofKinds(Set.of(Kind.ACTION_STARTED,
                Kind.ACTION_SUCCEEDED, Kind.ACTION_FAILED, Kind.ACTION_ABORTED)));
        List<JournalEntry> succeeded = migrations.stream().filter(e -> e.kind() == Kind.ACTION_SUCCEEDED).toList();
        assertThat(migrations).as("placements per cycle: %s", placements)
                .extracting(JournalEntry::kind)
                .containsExactly(Kind.ACTION_STARTED, Kind.ACTION_SUCCEEDED, Kind.ACTION_STARTED, Kind.ACTION_SUCCEEDED);

        JournalEntry out = succeeded.get(0);
        JournalEntry back = succeeded.get(1);
        assertThat(out.guest()).as("the same app guest goes out and comes back").isEqualTo(back.guest()).isIn("app1", "app2");
        assertThat(out.host()).isIn("host2", "host3");
        assertThat(out.message()).startsWith("live migration host1 -> " + out.host() + " succeeded");
        assertThat(back.host()).isEqualTo("host1");
        assertThat(out.policy()).isEqualTo("threshold");
        assertThat(back.policy()).isEqualTo("threshold");
        // Out while the load is high (ramp ends at 100 s, hold until 260 s), back once it has fallen (after 320 s).
        long outAt = Duration.between(start, out.time()).toSeconds();
        long backAt = Duration.between(start, back.time()).toSeconds();
        assertThat(outAt).isBetween(80L, 200L);
        assertThat(backAt).isBetween(290L, 400L);
        assertThat(cluster.hostOf("app1")).isEqualTo("host1");
        assertThat(cluster.hostOf("app2")).isEqualTo("host1");
        assertThat(engine.journal(JournalQuery.all().ofKinds(Set.of(Kind.ERROR, Kind.PROBE_ERROR)))).isEmpty();
    }
}
