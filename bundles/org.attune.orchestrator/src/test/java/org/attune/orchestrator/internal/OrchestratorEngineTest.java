package org.attune.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.attune.api.ClusterView;
import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.driver.MigrationMode;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.orchestrator.Mode;
import org.attune.api.policy.Action;
import org.attune.api.policy.Policy;
import org.attune.api.probe.Probe;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.junit.jupiter.api.Test;

/** The loop end to end: monitor, plan, validate, execute, the journal's facts and the operator API. */
class OrchestratorEngineTest extends EngineTestSupport {

    @Test
    void cycleBuildsViewFromInventoryAndProbes() {
        engine.plugins().addProbe(new Probe() {
            @Override
            public String name() {
                return "const";
            }

            @Override
            public List<Sample> sample(Instant now) {
                return List.of(new Sample(Subject.host("h1"), Metrics.CPU_UTILIZATION, 0.7, now),
                        new Sample(Subject.guest("a"), Metrics.CPU_DEMAND, 300, now));
            }
        });
        engine.plugins().addPolicy(policy("threshold", v -> List.of()), "threshold", "test");
        cycle();
        cycle();
        ClusterView view = seen.get(1);
        assertThat(view.hosts()).hasSize(3);
        assertThat(view.guestsOn("h1")).extracting(g -> g.name()).containsExactlyInAnyOrder("a", "b");
        assertThat(view.metrics().series(Subject.host("h1"), Metrics.CPU_UTILIZATION).size()).isEqualTo(2);
        assertThat(view.guestCpuDemand("a")).isEqualTo(300);
        assertThat(view.cycle()).isEqualTo(2);
        assertThat(entries(Kind.CYCLE)).hasSize(2).allSatisfy(e -> assertThat(e.fields())
                .containsEntry(Fact.HOSTS, 3L).containsEntry(Fact.GUESTS, 3L).containsEntry(Fact.ACTIONS, 0L)
                .containsEntry(Fact.IN_FLIGHT, 0L).containsKey(Fact.DURATION_MS));
    }

    @Test
    void automaticModeExecutesAndJournalsOutcome() {
        engine.plugins().addPolicy(policy("threshold", v -> v.hostOf("a").equals("h1")
                ? List.of(move("a", "h1", "h2", "h1 is hot")) : List.of()), "threshold", "test");
        cycle();
        assertThat(driver.jobs()).hasSize(1);
        assertThat(entries(Kind.ACTION_STARTED)).singleElement().satisfies(e -> {
            assertThat(e.guest()).isEqualTo("a");
            assertMigrationFacts(e, "h1", "h2", "threshold");
            assertThat(fact(e, Fact.REASON)).isEqualTo("h1 is hot");
        });
        assertThat(entries(Kind.CYCLE).get(0).number(Fact.ACTIONS)).hasValue(1);

        cycle();
        assertThat(driver.jobs()).as("one migration per guest in flight").hasSize(1);
        assertThat(verdicts(JournalEvent.REFUSED)).singleElement()
                .satisfies(e -> assertThat(fact(e, Fact.REFUSAL)).isEqualTo("IN_FLIGHT"));
        assertThat(entries(Kind.CYCLE).get(1).number(Fact.IN_FLIGHT)).hasValue(1);

        driver.lastJob().succeed();
        assertThat(entries(Kind.ACTION_SUCCEEDED)).singleElement().satisfies(e -> {
            assertMigrationFacts(e, "h1", "h2", "threshold");
            assertThat(e.number(Fact.DURATION_MS)).hasValue(1500);
            assertThat(e.number(Fact.DOWNTIME_MS)).hasValue(20);
            assertThat(e.number(Fact.BYTES)).hasValue(1 << 20);
            assertThat(fact(e, Fact.REASON)).isEqualTo("h1 is hot");
            // The wording the documentation quotes, rendered from those facts.
            assertThat(e.message()).isEqualTo("live migration h1 -> h2 succeeded in 1500 ms, downtime 20 ms, 1 MiB sent");
        });
        cycle();
        assertThat(engine.view().hostOf("a")).isEqualTo("h2");
    }

    @Test
    void recommendModeJournalsPlansWithoutExecuting() {
        engine.setMode(Mode.RECOMMEND);
        engine.plugins().addPolicy(policy("threshold", v -> List.of(move("a", "h1", "h2", "r"))), "threshold", "t");
        cycle();
        assertThat(driver.jobs()).isEmpty();
        assertThat(entries(Kind.PLAN)).singleElement().satisfies(e -> {
            assertThat(e.number(Fact.ACTIONS)).hasValue(1);
            assertThat(fact(e, Fact.INITIATOR)).isEqualTo("threshold");
        });
        assertThat(entries(Kind.ACTION_SKIPPED)).as("a recommendation is not validated").isEmpty();
    }

    @Test
    void offModeDoesNotAskThePolicy() {
        engine.setMode(Mode.OFF);
        engine.plugins().addPolicy(policy("threshold", v -> List.of(move("a", "h1", "h2", "r"))), "threshold", "t");
        cycle();
        assertThat(seen).isEmpty();
        assertThat(entries(Kind.CYCLE)).hasSize(1);
        assertThat(entries(Kind.MODE_CHANGED)).singleElement().satisfies(e -> assertThat(e.fields())
                .containsEntry(Fact.FROM, "automatic").containsEntry(Fact.TO, "off")
                .containsEntry(Fact.INITIATOR, JournalEvent.OPERATOR));
    }

    @Test
    void migrationRunningPastItsTimeoutIsAborted() throws Exception {
        engine.migrate("a", "h2", MigrationOptions.live().withTimeout(Duration.ofSeconds(5)));
        cycle();
        assertThat(driver.lastJob().abortReason).isNull();
        clock.advance(Duration.ofSeconds(10));
        engine.runCycle();
        assertThat(driver.lastJob().abortReason).contains("timed out");
        List<JournalEntry> aborted = entries(Kind.ACTION_ABORTED);
        assertThat(aborted).hasSize(2).allSatisfy(e -> assertMigrationFacts(e, "h1", "h2", JournalEvent.OPERATOR));
        // First the request to abort, with how long it ran; then the end the driver reports.
        assertThat(fact(aborted.get(0), Fact.PROBLEM)).isEqualTo("timed out after 5 s");
        assertThat(aborted.get(0).number(Fact.DURATION_MS)).hasValue(11_000);
        assertThat(fact(aborted.get(1), Fact.PROBLEM)).isEqualTo("timed out after 5 s");
        assertThat(aborted.get(1).number(Fact.DURATION_MS)).hasValue(1_000);
        cycle();
        assertThat(engine.view().hostOf("a")).isEqualTo("h1");
        assertThat(engine.status().migrationsInFlight()).isZero();
    }

    @Test
    void operatorRequestsAreValidatedWithClearMessages() throws Exception {
        assertThatThrownBy(() -> engine.migrate("zz", "h2", MigrationOptions.live()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown guest 'zz'")
                .hasMessageContaining("a, b, c");
        assertThatThrownBy(() -> engine.migrate("a", "h9", MigrationOptions.live()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown host 'h9'").hasMessageContaining("h1, h2, h3");
        assertThatThrownBy(() -> engine.migrate("a", "h1", MigrationOptions.live()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cannot migrate a to h1: a is already on h1");
        engine.migrate("a", "h2", MigrationOptions.live());
        assertThatThrownBy(() -> engine.migrate("a", "h3", MigrationOptions.live()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already in flight");

        assertThat(entries(Kind.ACTION_STARTED)).singleElement().satisfies(e -> {
            assertMigrationFacts(e, "h1", "h2", JournalEvent.OPERATOR);
            assertThat(e.cycle()).as("outside a cycle").isZero();
        });
        assertThat(verdicts(JournalEvent.REFUSED)).extracting(e -> fact(e, Fact.REFUSAL))
                .containsExactly("SAME_HOST", "IN_FLIGHT");
        assertThat(verdicts(JournalEvent.REFUSED)).allSatisfy(e ->
                assertThat(fact(e, Fact.INITIATOR)).isEqualTo(JournalEvent.OPERATOR));
        assertThat(entries(Kind.ACTION_FAILED)).isEmpty();
    }

    @Test
    void targetWithoutMemoryIsRefused() {
        driver.guest("big", "h2", 2048);
        assertThatThrownBy(() -> engine.migrate("big", "h3", MigrationOptions.live()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot migrate big to h3: h3 has 1024 MiB free of 1024, big needs 2048 MiB");
        assertThat(verdicts(JournalEvent.REFUSED)).singleElement().satisfies(e -> {
            assertThat(fact(e, Fact.REFUSAL)).isEqualTo("MEMORY");
            assertThat(e.guest()).isEqualTo("big");
            assertThat(e.host()).isEqualTo("h3");
        });
    }

    @Test
    void operatorMigrateIgnoresTheCooldownButNotTheLimits() throws Exception {
        Policy pingPong = policy("threshold", v -> List.of(new Action.Migrate("a", v.hostOf("a"),
                v.hostOf("a").equals("h1") ? "h2" : "h1", MigrationMode.LIVE, "ping")));
        engine.plugins().addPolicy(pingPong, "threshold", "t");
        cycle();
        driver.lastJob().succeed();
        cycle();
        assertThat(seen.get(1).isPinned("a")).isTrue();
        cycle();
        assertThat(driver.jobs()).as("cooldown of 3 cycles holds").hasSize(1);
        assertThat(verdicts(JournalEvent.REFUSED)).hasSize(2).allSatisfy(e -> {
            assertThat(fact(e, Fact.REFUSAL)).isEqualTo("PINNED");
            assertThat(fact(e, Fact.PROBLEM)).isEqualTo("a: cooling down after its last migration (cooldownCycles=3)");
        });

        engine.plugins().removePolicy(pingPong);
        engine.migrate("a", "h3", MigrationOptions.live());
        assertThat(driver.jobs()).as("the operator is not bound by the cooldown").hasSize(2);
        // ... but by the limits: a is entering h3, one migration per target.
        assertThatThrownBy(() -> engine.migrate("b", "h3", MigrationOptions.live()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot migrate b to h3 now: 1 migration(s) already entering h3 (maxMigrationsPerTarget=1)");
        assertThat(verdicts(JournalEvent.REFUSED)).last().satisfies(e -> {
            assertThat(fact(e, Fact.REFUSAL)).isEqualTo("LIMIT_TARGET");
            assertThat(fact(e, Fact.INITIATOR)).isEqualTo(JournalEvent.OPERATOR);
            assertThat(e.guest()).isEqualTo("b");
        });
        assertThat(engine.status().pendingActions()).as("an operator's request never waits").isEmpty();

        driver.lastJob().succeed();
        engine.plugins().addPolicy(pingPong, "threshold", "t");
        cycle();
        cycle();
        cycle();
        assertThat(driver.jobs()).as("the policy may move it again once cooled down").hasSize(3);
    }

    @Test
    void failingPolicyIsJournaledAndLoopGoesOn() {
        engine.plugins().addPolicy(policy("threshold", v -> {
            throw new IllegalStateException("boom");
        }), "threshold", "t");
        cycle();
        cycle();
        assertThat(entries(Kind.ERROR)).hasSize(2).allSatisfy(e -> {
            assertThat(fact(e, Fact.PROBLEM)).isEqualTo("java.lang.IllegalStateException: boom");
            assertThat(fact(e, Fact.INITIATOR)).isEqualTo("threshold");
        });
        assertThat(entries(Kind.CYCLE)).hasSize(2);
        assertThat(engine.status().errors()).anySatisfy(e -> assertThat(e).contains("boom"));
    }

    @Test
    void policyLeavingAndReturningIsJournaledAndMigrationsInFlightContinue() throws Exception {
        Policy p = policy("threshold", v -> List.of());
        engine.plugins().addPolicy(p, "threshold", "bundle.one");
        engine.migrate("a", "h2", MigrationOptions.live());
        engine.plugins().removePolicy(p);
        cycle();
        assertThat(engine.activePolicy()).isEmpty();
        assertThat(engine.status().migrationsInFlight()).isEqualTo(1);
        driver.lastJob().succeed();
        assertThat(entries(Kind.ACTION_SUCCEEDED)).hasSize(1);
        engine.plugins().addPolicy(p, "threshold", "bundle.two");
        assertThat(engine.activePolicy()).isEqualTo("threshold");
        assertThat(entries(Kind.POLICY_CHANGED)).extracting(JournalEntry::fields).containsExactly(
                java.util.Map.of(Fact.TO, "threshold", JournalEvent.BUNDLE, "bundle.one"),
                java.util.Map.of(Fact.FROM, "threshold", Fact.TO, ""),
                java.util.Map.of(Fact.TO, "threshold", JournalEvent.BUNDLE, "bundle.two"));
        assertThat(entries(Kind.POLICY_CHANGED).get(1).message())
                .isEqualTo("policy threshold went away; no active policy, monitoring only until it returns");
    }

    @Test
    void usePolicyRefusesUnknownAndSwitchesToKnown() {
        engine.plugins().addPolicy(policy("threshold", v -> List.of()), "threshold", "t");
        engine.plugins().addPolicy(policy("other", v -> List.of()), "other", "t");
        assertThatThrownBy(() -> engine.usePolicy("nope")).hasMessageContaining("unknown policy 'nope'")
                .hasMessageContaining("other, threshold");
        engine.usePolicy("other");
        cycle();
        assertThat(entries(Kind.CYCLE).get(0).policy()).isEqualTo("other");
        assertThat(entries(Kind.POLICY_CHANGED)).last().satisfies(e -> assertThat(e.fields())
                .containsEntry(Fact.FROM, "threshold").containsEntry(Fact.TO, "other")
                .containsEntry(Fact.INITIATOR, JournalEvent.OPERATOR));
        assertThat(engine.policies()).filteredOn(pi -> pi.active()).extracting(pi -> pi.name()).containsExactly("other");
        assertThat(engine.status().configuredPolicy()).isEqualTo("other");
    }

    @Test
    void guestReportedByTwoDriversIsKeptOnce() {
        InMemoryDriver other = new InMemoryDriver("mem2").host("x1", 1000, 1024).guest("a", "x1", 128);
        engine.plugins().addDriver(other, "memory");
        cycle();
        assertThat(engine.view().guests()).extracting(g -> g.name()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(engine.status().errors()).anySatisfy(e -> assertThat(e).contains("guest a is reported by drivers"));
        assertThat(entries(Kind.DRIVER_CHANGED)).extracting(e -> fact(e, JournalEvent.DRIVER))
                .containsExactly("mem", "mem2");
    }

    @Test
    void scheduledLoopRunsCyclesUntilStopped() {
        OrchestratorEngine fast = engine(OrchestratorSettings.defaults().withPeriod(Duration.ofMillis(20)), true);
        fast.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> fast.status().cycles() >= 5);
        fast.stop();
        long stopped = fast.status().cycles();
        assertThat(entries(fast, Kind.CYCLE)).hasSizeGreaterThanOrEqualTo(5);
        assertThat(fast.status().cycles()).isEqualTo(stopped);
    }

    @Test
    void aPolicyChangeIsJournaledWithTheCycleAfterWhichItApplies() {
        engine.plugins().addPolicy(policy("p1", v -> List.of()), "p1", "b1");
        engine.plugins().addPolicy(policy("p2", v -> List.of()), "p2", "b2");
        engine.usePolicy("p1");
        cycle();
        engine.usePolicy("p2");
        cycle();
        JournalEntry change = engine.journal(JournalQuery.all()).stream()
                .filter(e -> e.kind() == Kind.POLICY_CHANGED && "p2".equals(fact(e, Fact.TO))).findFirst().orElseThrow();
        assertThat(change.message()).isEqualTo("policy p1 -> p2 (command)");
        List<JournalEntry> cycles = entries(Kind.CYCLE);
        assertThat(change.cycle()).isEqualTo(cycles.get(0).cycle());
        assertThat(cycles).extracting(JournalEntry::policy).containsExactly("p1", "p2");
    }

    @Test
    void aRejectedConfigurationIsShownAndTheLoopKeepsItsSettings() {
        engine.rejectSettings("invalid configuration org.attune.orchestrator: period must be > 0 seconds, was -1.0");
        assertThat(engine.status().errors()).first().asString().startsWith("invalid configuration");
        assertThat(entries(Kind.ERROR)).singleElement().satisfies(e ->
                assertThat(fact(e, Fact.PROBLEM)).contains("period must be > 0"));
        engine.updateSettings(engine.settings().withCooldown(4));
        assertThat(engine.status().errors()).isEmpty();
    }
}
