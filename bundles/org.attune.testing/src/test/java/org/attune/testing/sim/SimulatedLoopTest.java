package org.attune.testing.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.attune.api.ClusterView;
import org.attune.api.PowerState;
import org.attune.api.driver.MigrationMode;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.driver.sim.StandaloneSimCluster;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedLoopTest {

    /** Moves guest a from h1 to h2, powering h2 on first when it is off. */
    private static final Policy MOVE_A = new Policy() {
        @Override
        public String name() {
            return "move-a";
        }

        @Override
        public Plan plan(ClusterView view) {
            String a = view.guests().stream().filter(g -> g.name().equals("a")).findFirst().orElseThrow().id();
            if (!"h1".equals(view.hostOf(a)) || view.isPinned(a)) {
                return Plan.empty(name());
            }
            Action move = new Action.Migrate(a, "h1", "h2", MigrationMode.LIVE, "test");
            PowerState h2 = view.host("h2").orElseThrow().power();
            List<Action> actions = h2 == PowerState.OFF ? List.of(new Action.PowerOn("h2", "room for a"), move)
                    : h2 == PowerState.ON ? List.of(move) : List.of();
            return new Plan(name(), actions, List.of());
        }
    };

    private static SimulatedLoop.Builder loop() {
        return SimulatedLoop.builder()
                .cluster(StandaloneSimCluster.builder().host("h1", "cpus = 2")
                        .host("h2", "cpus = 2", "poweredOn = false", "bootTime = 5s")
                        .guest("a", "host = h1", "workload = constant 500")
                        .guest("b", "host = h1", "workload = constant 500"))
                .settings(OrchestratorSettings.defaults().withPolicy("move-a").withCooldown(1)).policy(MOVE_A, "move-a")
                .step(Duration.ofSeconds(1)).cycle(Duration.ofSeconds(10));
    }

    private static long startedAt(SimulatedLoop loop) {
        JournalEntry started = loop.journal(Kind.ACTION_STARTED).stream().filter(e -> e.guest().equals("a"))
                .findFirst().orElseThrow(() -> new AssertionError("a never started moving: " + loop.journal()));
        return Duration.between(loop.start(), started.time()).toSeconds();
    }

    @Test
    void aCycleIsStepsOfTheClockThenOneOrchestratorCycle_powerActionsEndBeforeTimeMovesOn() {
        List<Long> steps = new ArrayList<>();
        try (SimulatedLoop loop = loop().onStep(l -> steps.add(l.elapsed().toSeconds())).build()) {
            assertThat(loop.start()).isEqualTo(SimulatedLoop.DEFAULT_START);
            loop.runCycle();
            assertThat(steps).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(loop.cycles()).isEqualTo(1);
            assertThat(loop.elapsed()).isEqualTo(Duration.ofSeconds(10));
            // The power-on was carried out (on the orchestrator's worker) before the loop returned.
            assertThat(loop.journal(Kind.ACTION_SUCCEEDED)).singleElement()
                    .satisfies(e -> assertThat(e.message()).startsWith("power on"));
            assertThat(loop.cluster().host("h2").power()).isEqualTo(PowerState.BOOTING);
            assertThat(loop.timeline()).containsExactly("10s h1 ON 50% [a, b]  h2 BOOTING 0% []");

            loop.runFor(Duration.ofSeconds(30));
            assertThat(loop.cycles()).isEqualTo(3);
            assertThat(loop.cluster().hostOf("a")).isEqualTo("h2");
            assertThat(loop.failures()).isEmpty();
            assertThat(loop.timeline()).last().isEqualTo("30s h1 ON 25% [b]  h2 ON 25% [a]");
            assertThat(loop.orchestrator().settings().policy()).isEqualTo("move-a");
        }
    }

    @Test
    void pendingActionsStartAtTheStepThatFreesThem_orAtTheNextCycleWhenToldSo() {
        try (SimulatedLoop eager = loop().build(); SimulatedLoop lazy = loop().pendingActionsOnlyAtCycles().build()) {
            eager.runCycles(3);
            lazy.runCycles(3);
            // h2 is powered on at 10 s and boots in 5 s: the deferred move starts once it is ON.
            assertThat(startedAt(eager)).isEqualTo(15);
            assertThat(startedAt(lazy)).isEqualTo(20);
            assertThat(eager.cluster().hostOf("a")).isEqualTo("h2");
            assertThat(lazy.cluster().hostOf("a")).isEqualTo("h2");
        }
    }

    @Test
    void aScenarioDirectoryAndATimelineOfItsOwn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("org.attune.driver.sim.host-h1.cfg"), "cpus = 1\n");
        Files.writeString(dir.resolve("org.attune.driver.sim.guest-g.cfg"), "host = h1\nworkload = constant 250\n");
        try (SimulatedLoop loop = SimulatedLoop.builder().scenario(dir).step(Duration.ofSeconds(5))
                .cycle(Duration.ofSeconds(5)).timeline(l -> l.cluster().hostOf("g")).build()) {
            loop.runCycles(2);
            assertThat(loop.timeline()).containsExactly("5s h1", "10s h1");
            assertThat(loop.cluster().totals().requestedWork()).isEqualTo(2500);
        }
    }

    @Test
    void aLoopNeedsAClusterAndWholeSteps() {
        assertThatThrownBy(() -> SimulatedLoop.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster");
        assertThatThrownBy(() -> loop().step(Duration.ofSeconds(3)).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("whole number of steps");
    }
}
