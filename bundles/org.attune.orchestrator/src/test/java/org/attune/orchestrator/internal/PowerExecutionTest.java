package org.attune.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.attune.api.PowerState;
import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.policy.Action;
import org.attune.api.power.PowerException;
import org.junit.jupiter.api.Test;

/** Power actions go through power controllers only, off the loop thread, one at a time per host. */
class PowerExecutionTest extends EngineTestSupport {

    @Test
    void powerActionsGoThroughTheControllerOfTheHost_offTheLoopThread_andFailuresAreJournaled() {
        driver.power("h2", PowerState.OFF).guest("c", "h1", 512); // h2 empty and off
        RecordingController h3 = new RecordingController("h3", false);
        RecordingController h2 = new RecordingController("h2", true);
        engine.plugins().addPowerController(h3);
        engine.plugins().addPowerController(h2);
        engine.plugins().addPolicy(once("threshold", List.of(new Action.PowerOff("h3", "empty"),
                new Action.PowerOn("h2", "needed"))), "threshold", "t");
        cycle();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(entries(Kind.ACTION_SUCCEEDED)).singleElement().satisfies(e -> {
                assertThat(e.host()).isEqualTo("h3");
                assertThat(e.fields()).containsEntry(Fact.ACTION, JournalEvent.POWER_OFF)
                        .containsEntry(Fact.CONTROLLER, "rec:h3").containsEntry(Fact.REASON, "empty")
                        .containsEntry(Fact.INITIATOR, "threshold").containsKey(Fact.DURATION_MS);
                assertThat(e.message()).isEqualTo("power off through rec:h3: empty");
            });
            assertThat(entries(Kind.ACTION_FAILED)).singleElement().satisfies(e -> {
                assertThat(e.host()).isEqualTo("h2");
                assertThat(e.fields()).containsEntry(Fact.ACTION, JournalEvent.POWER_ON)
                        .containsEntry(Fact.CONTROLLER, "rec:h2").containsEntry(Fact.PROBLEM, "BMC of h2 refused");
                assertThat(e.message()).isEqualTo("power on through rec:h2 failed: BMC of h2 refused");
            });
        });
        assertThat(h3.calls).singleElement().asString().startsWith("off h3 attune-worker-");
        assertThat(h2.calls).singleElement().asString().startsWith("on h2 attune-worker-");
    }

    @Test
    void withoutAControllerNothingSwitchesTheHost() {
        engine.plugins().addPolicy(once("threshold", List.of(new Action.PowerOff("h3", "empty"))), "threshold", "t");
        cycle();
        assertThat(verdicts(JournalEvent.REFUSED)).singleElement().satisfies(e -> {
            assertThat(e.host()).isEqualTo("h3");
            assertThat(e.fields()).containsEntry(Fact.ACTION, JournalEvent.POWER_OFF)
                    .containsEntry(Fact.PROBLEM, "no power controller can switch off host h3");
            assertThat(e.message()).isEqualTo("skipped power off: no power controller can switch off host h3");
        });
        assertThat(driver.power("h3")).isEqualTo(PowerState.ON);
    }

    @Test
    void powerOffOnlyForEmptyHosts() {
        RecordingController h1 = new RecordingController("h1", false);
        RecordingController h3 = new RecordingController("h3", false);
        engine.plugins().addPowerController(h1);
        engine.plugins().addPowerController(h3);
        engine.plugins().addPolicy(once("threshold", List.of(new Action.PowerOff("h1", "empty?"),
                new Action.PowerOff("h3", "empty"))), "threshold", "t");
        cycle();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(h3.calls).singleElement().asString().startsWith("off h3"));
        assertThat(h1.calls).isEmpty();
        assertThat(verdicts(JournalEvent.REFUSED)).singleElement().satisfies(e -> assertThat(e.fields())
                .containsEntry(Fact.REFUSAL, "NOT_EMPTY").containsEntry(Fact.ACTION, JournalEvent.POWER_OFF));
    }

    @Test
    void aSlowPowerActionIsNotRequestedAgain_theHostShowsBootingUntilItsDriverCatchesUp() throws Exception {
        driver.host("h4", 2000, 4096).power("h4", PowerState.OFF);
        CountDownLatch bmcAnswers = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        RecordingController slow = new RecordingController("h4", false) {
            @Override
            public void powerOn(String hostId) throws PowerException {
                requests.incrementAndGet();
                try {
                    bmcAnswers.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PowerException("interrupted");
                }
            }
        };
        engine.plugins().addPowerController(slow);
        engine.plugins().addPolicy(policy("threshold", v -> v.host("h4").orElseThrow().power() == PowerState.OFF
                ? List.of(new Action.PowerOn("h4", "needed")) : List.of()), "threshold", "t");
        cycle();
        assertThat(engine.status().powerActions()).singleElement().satisfies(p -> {
            assertThat(p.hostId()).isEqualTo("h4");
            assertThat(p.action()).isEqualTo(JournalEvent.POWER_ON);
            assertThat(p.controller()).isEqualTo("rec:h4");
            assertThat(p.initiator()).isEqualTo("threshold");
        });
        assertThat(engine.currentView().host("h4").orElseThrow().power()).isEqualTo(PowerState.BOOTING);
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() == 1);
        cycle();
        cycle();
        assertThat(requests).hasValue(1);
        assertThat(entries(Kind.ACTION_SKIPPED)).isEmpty();

        bmcAnswers.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.powerActionsInProgress().isEmpty());
        assertThat(entries(Kind.ACTION_SUCCEEDED)).singleElement().satisfies(e ->
                assertThat(fact(e, Fact.CONTROLLER)).isEqualTo("rec:h4"));
        // The BMC accepted; the driver has not seen the host boot yet: it still shows booting for a while...
        cycle();
        assertThat(requests).hasValue(1);
        // ...but not for ever (three periods here): a host that never came is OFF again, and asked for again.
        clock.advance(Duration.ofSeconds(5));
        cycle();
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() == 2
                && engine.powerActionsInProgress().isEmpty());
    }

    @Test
    void aSecondPowerActionOnAHostBusyWithOneIsSkipped() {
        CountDownLatch bmcAnswers = new CountDownLatch(1);
        RecordingController slow = new RecordingController("h3", false) {
            @Override
            public void powerOff(String hostId) throws PowerException {
                try {
                    bmcAnswers.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.powerOff(hostId);
            }
        };
        engine.plugins().addPowerController(slow);
        engine.plugins().addPolicy(policy("threshold", v -> List.of(new Action.PowerOff("h3", "empty"))), "threshold",
                "t");
        cycle();
        // Someone switched h3 on by hand meanwhile: the validator lets a power-off of a booting host through, and
        // only the executor's one-action-per-host rule stops the second request to the busy controller.
        driver.power("h3", PowerState.BOOTING);
        cycle();
        assertThat(verdicts(JournalEvent.REFUSED)).singleElement().satisfies(e -> assertThat(fact(e, Fact.PROBLEM))
                .isEqualTo("power off through rec:h3 is still in progress on h3"));
        bmcAnswers.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.powerActionsInProgress().isEmpty());
        assertThat(slow.calls).as("the controller was asked once").singleElement().asString().startsWith("off h3");
    }
}
