package org.attune.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.attune.api.PowerState;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.Mode;
import org.attune.api.orchestrator.OrchestratorStatus.PendingActionInfo;
import org.attune.api.policy.Action;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.junit.jupiter.api.Test;

/**
 * Deferred actions wait in the pending queue, are validated again when a migration or power action ends and when a
 * cycle starts, start once nothing holds them, and are dropped (superseded) when the next plan is made.
 */
class PendingActionsTest extends EngineTestSupport {

    @Test
    void aDeferredMigrationToAHostBeingPoweredOnStartsOnceTheHostIsOn() {
        driver.host("h4", 2000, 4096).power("h4", PowerState.OFF);
        RecordingController bmc = new RecordingController("h4", false).switching(driver);
        engine.plugins().addPowerController(bmc);
        engine.plugins().addPolicy(once("threshold", List.of(new Action.PowerOn("h4", "room needed"),
                move("a", "h1", "h4", "spread"))), "threshold", "t");
        cycle();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.powerActionsInProgress().isEmpty());
        assertThat(entries(Kind.ACTION_SUCCEEDED)).singleElement().satisfies(e -> assertThat(e.fields())
                .containsEntry(Fact.ACTION, JournalEvent.POWER_ON).containsEntry(Fact.CONTROLLER, "rec:h4")
                .containsEntry(Fact.REASON, "room needed").containsEntry(Fact.INITIATOR, "threshold"));
        assertThat(verdicts(JournalEvent.DEFERRED)).singleElement().satisfies(e -> {
            assertThat(fact(e, Fact.REFUSAL)).isEqualTo("BOOTING");
            assertThat(e.guest()).isEqualTo("a");
        });
        assertThat(engine.status().pendingActions()).singleElement().isEqualTo(new PendingActionInfo(
                JournalEvent.MIGRATE, "a", "h1", "h4", "BOOTING", "waits for h4 to finish booting", "threshold", 1));

        engine.processPendingActions();
        assertThat(driver.jobs()).as("h4 is still booting").isEmpty();

        driver.power("h4", PowerState.ON);
        engine.processPendingActions();
        assertThat(driver.jobs()).singleElement().satisfies(j -> assertThat(j.to).isEqualTo("h4"));
        assertThat(entries(Kind.ACTION_STARTED)).singleElement().satisfies(e -> {
            assertMigrationFacts(e, "h1", "h4", "threshold");
            assertThat(fact(e, Fact.REASON)).isEqualTo("spread");
        });
        assertThat(engine.status().pendingActions()).isEmpty();
    }

    @Test
    void aMoveWaitingForMemoryStartsWhenTheEarlierMigrationEnds() {
        driver.guest("x", "h3", 768);
        engine.plugins().addPolicy(once("threshold", List.of(move("x", "h3", "h1", "make room"),
                move("c", "h2", "h3", "fill"))), "threshold", "t");
        cycle();
        assertThat(driver.jobs()).extracting(j -> j.guest).containsExactly("x");
        assertThat(verdicts(JournalEvent.DEFERRED)).singleElement().satisfies(e -> assertThat(e.fields())
                .containsEntry(Fact.REFUSAL, "MEMORY").containsEntry(Fact.PROBLEM,
                        "waits for guests leaving h3 to free memory (256 MiB free now, c needs 512)"));

        engine.processPendingActions();
        assertThat(driver.jobs()).as("x still holds its memory on h3").hasSize(1);

        driver.job("x").succeed();
        engine.processPendingActions();
        assertThat(driver.jobs()).extracting(j -> j.guest).containsExactly("x", "c");
        assertThat(entries(Kind.ACTION_STARTED)).last().satisfies(e -> assertMigrationFacts(e, "h2", "h3",
                "threshold"));
        assertThat(engine.status().pendingActions()).isEmpty();
    }

    @Test
    void byDefaultTheEndOfAMigrationStartsWhatWaitedForIt() {
        OrchestratorEngine events = engine(OrchestratorSettings.defaults().withCooldown(3), true);
        driver.guest("x", "h3", 768);
        events.plugins().addPolicy(once("threshold", List.of(move("x", "h3", "h1", "make room"),
                move("c", "h2", "h3", "fill"))), "threshold", "t");
        cycle(events);
        assertThat(events.status().pendingActions()).hasSize(1);

        driver.job("x").succeed();
        await("c starts once x has left h3").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(driver.jobs()).extracting(j -> j.guest).containsExactly("x", "c"));
        assertThat(events.status().pendingActions()).isEmpty();
    }

    @Test
    void aDeferredPowerOffStartsOnceTheGuestsHaveLeft() {
        RecordingController bmc = new RecordingController("h2", false);
        engine.plugins().addPowerController(bmc);
        engine.plugins().addPolicy(once("threshold", List.of(move("c", "h2", "h1", "empty h2"),
                new Action.PowerOff("h2", "empty"))), "threshold", "t");
        cycle();
        assertThat(verdicts(JournalEvent.DEFERRED)).singleElement().satisfies(e -> assertThat(e.fields())
                .containsEntry(Fact.ACTION, JournalEvent.POWER_OFF).containsEntry(Fact.REFUSAL, "NOT_EMPTY"));
        driver.lastJob().succeed();
        engine.processPendingActions();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bmc.calls).singleElement().asString()
                .startsWith("off h2"));
    }

    @Test
    void whatStillWaitsWhenTheNextPlanIsMadeIsSuperseded() {
        engine.plugins().addPolicy(once("threshold", List.of(move("a", "h1", "h2", "r"), move("b", "h1", "h3", "r"))),
                "threshold", "t");
        cycle();
        assertThat(engine.status().pendingActions()).extracting(PendingActionInfo::guest).containsExactly("b");

        cycle();
        JournalEntry dropped = verdicts(JournalEvent.SUPERSEDED).stream().findFirst().orElseThrow();
        assertThat(dropped.fields()).containsEntry(Fact.REFUSAL, "LIMIT_SOURCE").containsEntry(Fact.ACTION,
                JournalEvent.MIGRATE).containsEntry(Fact.FROM_HOST, "h1").containsEntry(Fact.TO_HOST, "h3");
        assertThat(dropped.cycle()).isEqualTo(2);
        assertThat(dropped.guest()).isEqualTo("b");
        assertThat(driver.jobs()).as("b never started").hasSize(1);
        assertThat(engine.status().pendingActions()).isEmpty();
    }

    @Test
    void aPendingActionThatBecameImpossibleIsRefusedAndDropped() {
        engine.plugins().addPolicy(once("threshold", List.of(move("a", "h1", "h2", "r"), move("b", "h1", "h3", "r"))),
                "threshold", "t");
        cycle();
        driver.guest("intruder", "h3", 1024);
        driver.lastJob().succeed();
        engine.processPendingActions();
        assertThat(verdicts(JournalEvent.REFUSED)).singleElement().satisfies(e -> {
            assertThat(fact(e, Fact.REFUSAL)).isEqualTo("MEMORY");
            assertThat(e.guest()).isEqualTo("b");
        });
        assertThat(engine.status().pendingActions()).isEmpty();
        assertThat(driver.jobs()).hasSize(1);
    }

    @Test
    void outsideAutomaticModePendingActionsDoNotStart() {
        engine.plugins().addPolicy(once("threshold", List.of(move("a", "h1", "h2", "r"), move("b", "h1", "h3", "r"))),
                "threshold", "t");
        cycle();
        engine.setMode(Mode.RECOMMEND);
        driver.lastJob().succeed();
        engine.processPendingActions();
        assertThat(driver.jobs()).hasSize(1);
        cycle();
        assertThat(verdicts(JournalEvent.SUPERSEDED)).hasSize(1);
        assertThat(driver.jobs()).hasSize(1);
    }

    @Test
    void aCycleStartsWhatNoLongerWaitsBeforeItsPolicyPlans() {
        engine.plugins().addPolicy(once("threshold", List.of(move("a", "h1", "h2", "r"), move("b", "h1", "h3", "r"))),
                "threshold", "t");
        cycle();
        driver.lastJob().succeed();
        cycle();
        assertThat(driver.jobs()).extracting(j -> j.guest).containsExactly("a", "b");
        assertThat(seen.get(1).inFlight()).as("the policy sees b in flight").containsOnlyKeys("b");
        assertThat(verdicts(JournalEvent.SUPERSEDED)).isEmpty();
        assertThat(entries(Kind.CYCLE).get(0).number(JournalEvent.PENDING)).hasValue(1);
    }
}
