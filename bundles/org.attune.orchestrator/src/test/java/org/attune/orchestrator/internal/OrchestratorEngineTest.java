package org.attune.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.attune.api.ClusterView;
import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.orchestrator.Mode;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.api.probe.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrchestratorEngineTest {

    private final TestClock clock = new TestClock();
    private InMemoryDriver driver;
    private OrchestratorEngine engine;
    private final List<ClusterView> seen = new ArrayList<>();

    @BeforeEach
    void setUp() {
        driver = new InMemoryDriver("mem").host("h1", 2000, 4096).host("h2", 2000, 4096).host("h3", 2000, 1024)
                .guest("a", "h1", 512).guest("b", "h1", 512).guest("c", "h2", 512);
        engine = new OrchestratorEngine(Settings.defaults().withCooldown(3), clock);
        engine.addDriver(driver, "memory");
    }

    @AfterEach
    void tearDown() {
        engine.stop();
    }

    /** A policy that records the views it sees and answers with the given function. */
    private Policy policy(String name, Function<ClusterView, List<Action>> actions) {
        return new Policy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Plan plan(ClusterView view) {
                seen.add(view);
                return new Plan(name, actions.apply(view), List.of());
            }
        };
    }

    private List<JournalEntry> entries(Kind kind) {
        return engine.journal(JournalQuery.all()).stream().filter(e -> e.kind() == kind).toList();
    }

    private void cycle() {
        clock.advance(Duration.ofSeconds(1));
        engine.runCycle();
    }

    @Test
    void cycleBuildsViewFromInventoryAndProbes() {
        engine.addProbe(new Probe() {
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
        engine.addPolicy(policy("threshold", v -> List.of()), "threshold", "test");
        cycle();
        cycle();
        ClusterView view = seen.get(1);
        assertThat(view.hosts()).hasSize(3);
        assertThat(view.guestsOn("h1")).extracting(g -> g.name()).containsExactlyInAnyOrder("a", "b");
        assertThat(view.metrics().series(Subject.host("h1"), Metrics.CPU_UTILIZATION).size()).isEqualTo(2);
        assertThat(view.guestCpuDemand("a")).isEqualTo(300);
        assertThat(view.cycle()).isEqualTo(2);
        assertThat(entries(Kind.CYCLE)).hasSize(2);
    }

    @Test
    void automaticModeExecutesAndJournalsOutcome() {
        engine.addPolicy(policy("threshold", v -> v.hostOf("a").equals("h1")
                ? List.of(Action.live("a", "h1", "h2", "h1 is hot")) : List.of()), "threshold", "test");
        cycle();
        assertThat(driver.jobs).hasSize(1);
        assertThat(entries(Kind.ACTION_STARTED)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("h1 -> h2", "h1 is hot"));
        cycle();
        assertThat(driver.jobs).as("one migration per guest in flight").hasSize(1);
        driver.lastJob().succeed();
        assertThat(entries(Kind.ACTION_SUCCEEDED)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("succeeded", "downtime 20 ms"));
        cycle();
        assertThat(engine.view().hostOf("a")).isEqualTo("h2");
    }

    @Test
    void recommendModeJournalsPlansWithoutExecuting() {
        engine.setMode(Mode.RECOMMEND);
        engine.addPolicy(policy("threshold", v -> List.of(Action.live("a", "h1", "h2", "r"))), "threshold", "t");
        cycle();
        assertThat(driver.jobs).isEmpty();
        assertThat(entries(Kind.PLAN)).singleElement().satisfies(e -> assertThat(e.message()).startsWith("recommended"));
    }

    @Test
    void offModeDoesNotAskThePolicy() {
        engine.setMode(Mode.OFF);
        engine.addPolicy(policy("threshold", v -> List.of(Action.live("a", "h1", "h2", "r"))), "threshold", "t");
        cycle();
        assertThat(seen).isEmpty();
        assertThat(entries(Kind.CYCLE)).hasSize(1);
    }

    @Test
    void perSourceLimitDefersSecondMigration() {
        engine.addPolicy(policy("threshold", v -> List.of(Action.live("a", "h1", "h2", "r"),
                Action.live("b", "h1", "h3", "r"))), "threshold", "t");
        cycle();
        assertThat(driver.jobs).hasSize(1);
        assertThat(entries(Kind.ACTION_SKIPPED)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("maxMigrationsPerSource=1"));
    }

    @Test
    void perTargetLimitDefersSecondMigration() {
        engine.addPolicy(policy("threshold", v -> List.of(Action.live("a", "h1", "h3", "r"),
                Action.live("c", "h2", "h3", "r"))), "threshold", "t");
        cycle();
        assertThat(driver.jobs).hasSize(1);
        assertThat(entries(Kind.ACTION_SKIPPED)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("maxMigrationsPerTarget=1"));
    }

    @Test
    void cooldownBlocksPolicyButNotOperator() throws Exception {
        engine.addPolicy(policy("threshold", v -> List.of(new Action.Migrate("a", v.hostOf("a"),
                v.hostOf("a").equals("h1") ? "h2" : "h1", org.attune.api.driver.MigrationMode.LIVE, "ping"))),
                "threshold", "t");
        cycle();
        driver.lastJob().succeed();
        cycle();
        assertThat(seen.get(1).isPinned("a")).isTrue();
        cycle();
        assertThat(driver.jobs).as("cooldown of 3 cycles holds").hasSize(1);
        assertThat(entries(Kind.ACTION_SKIPPED)).allSatisfy(e -> assertThat(e.message()).contains("cooling down"));
        engine.migrate("a", "h3", MigrationOptions.live());
        assertThat(driver.jobs).as("operator is not bound by the cooldown").hasSize(2);
        driver.lastJob().succeed();
        cycle();
        cycle();
        cycle();
        assertThat(driver.jobs).as("the policy may move it again once cooled down").hasSize(3);
    }

    @Test
    void migrationRunningPastItsTimeoutIsAborted() throws Exception {
        engine.migrate("a", "h2", MigrationOptions.live().withTimeout(Duration.ofSeconds(5)));
        cycle();
        assertThat(driver.lastJob().abortReason).isNull();
        clock.advance(Duration.ofSeconds(10));
        engine.runCycle();
        assertThat(driver.lastJob().abortReason).contains("timed out");
        assertThat(entries(Kind.ACTION_ABORTED)).hasSize(2);
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
                .hasMessageContaining("unknown host 'h9'").hasMessageContaining("h1, h2, h3");
        assertThatThrownBy(() -> engine.migrate("a", "h1", MigrationOptions.live())).hasMessageContaining("already on h1");
        engine.migrate("a", "h2", MigrationOptions.live());
        assertThatThrownBy(() -> engine.migrate("a", "h3", MigrationOptions.live()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already in flight");
        assertThat(entries(Kind.ACTION_SKIPPED)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("not started", "already in flight"));
        assertThat(entries(Kind.ACTION_FAILED)).isEmpty();
    }

    @Test
    void targetWithoutMemoryIsRefused() {
        driver.guest("big", "h2", 2048);
        assertThatThrownBy(() -> engine.migrate("big", "h3", MigrationOptions.live()))
                .hasMessageContaining("h3 has 1024 MiB free, guest needs 2048");
    }

    @Test
    void failingPolicyIsJournaledAndLoopGoesOn() {
        engine.addPolicy(policy("threshold", v -> {
            throw new IllegalStateException("boom");
        }), "threshold", "t");
        cycle();
        cycle();
        assertThat(entries(Kind.ERROR)).hasSize(2).allSatisfy(e -> assertThat(e.message()).contains("boom"));
        assertThat(entries(Kind.CYCLE)).hasSize(2);
        assertThat(engine.status().errors()).anySatisfy(e -> assertThat(e).contains("boom"));
    }

    @Test
    void policyLeavingAndReturningIsJournaledAndMigrationsInFlightContinue() throws Exception {
        Policy p = policy("threshold", v -> List.of());
        engine.addPolicy(p, "threshold", "bundle.one");
        engine.migrate("a", "h2", MigrationOptions.live());
        engine.removePolicy(p);
        cycle();
        assertThat(engine.activePolicy()).isEmpty();
        assertThat(engine.status().migrationsInFlight()).isEqualTo(1);
        driver.lastJob().succeed();
        assertThat(entries(Kind.ACTION_SUCCEEDED)).hasSize(1);
        engine.addPolicy(p, "threshold", "bundle.two");
        assertThat(engine.activePolicy()).isEqualTo("threshold");
        assertThat(entries(Kind.POLICY_CHANGED)).extracting(JournalEntry::message)
                .anySatisfy(m -> assertThat(m).contains("went away"))
                .anySatisfy(m -> assertThat(m).contains("bundle.two"));
    }

    @Test
    void aLateEchoOfAnEarlierCommandDoesNotUndoANewerOne() {
        List<Long> sequences = new ArrayList<>();
        engine.setPersister((k, v, seq) -> sequences.add(seq));
        engine.addPolicy(policy("threshold", v -> List.of()), "threshold", "t");
        engine.addPolicy(policy("a", v -> List.of()), "a", "t");
        engine.addPolicy(policy("b", v -> List.of()), "b", "t");
        engine.usePolicy("a");
        engine.usePolicy("b");
        assertThat(sequences).containsExactly(1L, 2L);

        // Config Admin delivers the write of "a" after the command chose "b": b stays.
        engine.updateSettings(Settings.defaults().withPolicy("a").withCooldown(7), 1);
        assertThat(engine.activePolicy()).isEqualTo("b");
        assertThat(engine.settings().cooldownCycles()).isEqualTo(7);
        // The echo of the latest write, and a later hand edit of the file (it keeps the latest number), apply.
        engine.updateSettings(Settings.defaults().withPolicy("b"), 2);
        assertThat(engine.activePolicy()).isEqualTo("b");
        engine.updateSettings(Settings.defaults().withPolicy("threshold"), 2);
        assertThat(engine.activePolicy()).isEqualTo("threshold");

        // The etc/ file (no sequence) pushed again unchanged does not undo a command; a changed file applies.
        engine.usePolicy("b");
        engine.updateSettings(Settings.defaults().withCooldown(5), OrchestratorEngine.EXTERNAL);
        assertThat(engine.activePolicy()).isEqualTo("b");
        assertThat(engine.settings().cooldownCycles()).isEqualTo(5);
        engine.updateSettings(Settings.defaults().withPolicy("a"), OrchestratorEngine.EXTERNAL);
        assertThat(engine.activePolicy()).isEqualTo("a");
    }

    @Test
    void usePolicyRefusesUnknownAndPersistsKnown() {
        List<String> persisted = new ArrayList<>();
        engine.setPersister((k, v, seq) -> persisted.add(k + "=" + v));
        engine.addPolicy(policy("threshold", v -> List.of()), "threshold", "t");
        engine.addPolicy(policy("other", v -> List.of()), "other", "t");
        assertThatThrownBy(() -> engine.usePolicy("nope")).hasMessageContaining("unknown policy 'nope'")
                .hasMessageContaining("other, threshold");
        engine.usePolicy("other");
        cycle();
        assertThat(entries(Kind.CYCLE).get(0).policy()).isEqualTo("other");
        assertThat(persisted).containsExactly("policy=other");
        assertThat(engine.policies()).filteredOn(pi -> pi.active()).extracting(pi -> pi.name()).containsExactly("other");
    }

    @Test
    void slowProbeIsGivenUpAndCycleGoesOn() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        engine.addProbe(new Probe() {
            @Override
            public String name() {
                return "stuck";
            }

            @Override
            public List<Sample> sample(Instant now) {
                calls.incrementAndGet();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            }
        });
        engine.updateSettings(new Settings(Duration.ofSeconds(1), Mode.AUTOMATIC, "threshold", 1, 1, 0,
                Duration.ofSeconds(60), 3, 10, Duration.ofMillis(50), 100, org.attune.api.driver.MigrationMode.LIVE));
        cycle();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(entries(Kind.PROBE_ERROR)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("stuck", "longer than 50 ms"));
        assertThat(entries(Kind.CYCLE)).hasSize(1);
    }

    @Test
    void guestReportedByTwoDriversIsKeptOnce() {
        InMemoryDriver other = new InMemoryDriver("mem2").host("x1", 1000, 1024).guest("a", "x1", 128);
        engine.addDriver(other, "memory");
        cycle();
        assertThat(engine.view().guests()).extracting(g -> g.name()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(engine.status().errors()).anySatisfy(e -> assertThat(e).contains("guest a is reported by drivers"));
    }

    @Test
    void powerOffOnlyForEmptyHosts() {
        RecordingController h1 = new RecordingController("h1", false);
        RecordingController h3 = new RecordingController("h3", false);
        engine.addPowerController(h1);
        engine.addPowerController(h3);
        engine.addPolicy(policy("threshold", v -> List.of(new Action.PowerOff("h1", "empty?"),
                new Action.PowerOff("h3", "empty"))), "threshold", "t");
        cycle();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(h3.calls).singleElement().asString().startsWith("off h3"));
        assertThat(h1.calls).isEmpty();
        assertThat(entries(Kind.ACTION_SKIPPED)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("still has guests"));
    }

    @Test
    void scheduledLoopRunsCyclesUntilStopped() {
        engine.updateSettings(Settings.defaults().withCooldown(3));
        OrchestratorEngine fast = new OrchestratorEngine(new Settings(Duration.ofMillis(20), Mode.AUTOMATIC,
                "threshold", 1, 1, 0, Duration.ofSeconds(60), 3, 10, Duration.ofSeconds(1), 100,
                org.attune.api.driver.MigrationMode.LIVE), clock);
        fast.addDriver(driver, "memory");
        fast.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> fast.status().cycles() >= 5);
        fast.stop();
        long stopped = fast.status().cycles();
        assertThat(fast.journal(JournalQuery.all()).stream().filter(e -> e.kind() == Kind.CYCLE).count())
                .isGreaterThanOrEqualTo(5);
        assertThat(fast.status().cycles()).isEqualTo(stopped);
    }

    /** A power controller for one host that records calls and the thread they came on. */
    private static class RecordingController implements org.attune.api.power.PowerController {
        final String host;
        final boolean fail;
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

        RecordingController(String host, boolean fail) {
            this.host = host;
            this.fail = fail;
        }

        @Override
        public String name() {
            return "rec:" + host;
        }

        @Override
        public boolean controls(String hostId) {
            return host.equals(hostId);
        }

        @Override
        public java.util.Optional<org.attune.api.PowerState> state(String hostId) {
            return java.util.Optional.empty();
        }

        @Override
        public void powerOn(String hostId) throws org.attune.api.power.PowerException {
            calls.add("on " + hostId + " " + Thread.currentThread().getName());
            if (fail) {
                throw new org.attune.api.power.PowerException("BMC of " + hostId + " refused");
            }
        }

        @Override
        public void powerOff(String hostId) throws org.attune.api.power.PowerException {
            calls.add("off " + hostId + " " + Thread.currentThread().getName());
            if (fail) {
                throw new org.attune.api.power.PowerException("BMC of " + hostId + " refused");
            }
        }
    }

    @Test
    void aSlowPowerActionIsNotRequestedAgainByTheNextCycles_andTheHostIsFreeOnceItEnds() throws Exception {
        CountDownLatch bmcAnswers = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        RecordingController slow = new RecordingController("h2", false) {
            @Override
            public void powerOn(String hostId) throws org.attune.api.power.PowerException {
                requests.incrementAndGet();
                try {
                    bmcAnswers.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new org.attune.api.power.PowerException("interrupted");
                }
            }
        };
        engine.addPowerController(slow);
        engine.addPolicy(policy("threshold", v -> List.of(new Action.PowerOn("h2", "needed"))), "threshold", "t");
        engine.setMode(Mode.AUTOMATIC);
        cycle();
        assertThat(engine.powerActionsInProgress()).containsOnly(Map.entry("h2", "power on through rec:h2"));
        cycle();
        cycle();

        assertThat(entries(Kind.ACTION_SKIPPED)).hasSize(2).allSatisfy(e -> {
            assertThat(e.host()).isEqualTo("h2");
            assertThat(e.message()).isEqualTo("skipped power on: power on through rec:h2 is still in progress on h2");
        });
        bmcAnswers.countDown();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> engine.powerActionsInProgress().isEmpty());
        assertThat(entries(Kind.ACTION_SUCCEEDED)).singleElement().satisfies(e ->
                assertThat(e.message()).isEqualTo("power on through rec:h2: needed"));
        assertThat(requests).hasValue(1);

        // Ended: the next cycle may ask again.
        cycle();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> requests.get() == 2
                && engine.powerActionsInProgress().isEmpty());
    }

    @Test
    void powerActionsGoThroughTheControllerOfTheHost_offTheLoopThread_andFailuresAreJournaled() {
        RecordingController h3 = new RecordingController("h3", false);
        RecordingController h2 = new RecordingController("h2", true);
        engine.addPowerController(h3);
        engine.addPowerController(h2);
        engine.addPolicy(policy("threshold", v -> List.of(new Action.PowerOff("h3", "empty"),
                new Action.PowerOn("h2", "needed"), new Action.PowerOff("h1", "has guests"))), "threshold", "t");
        engine.setMode(Mode.AUTOMATIC);
        cycle();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(entries(Kind.ACTION_SUCCEEDED)).singleElement().satisfies(e -> {
                assertThat(e.host()).isEqualTo("h3");
                assertThat(e.message()).isEqualTo("power off through rec:h3: empty");
            });
            assertThat(entries(Kind.ACTION_FAILED)).singleElement().satisfies(e ->
                    assertThat(e.message()).isEqualTo("power on through rec:h2 failed: BMC of h2 refused"));
        });
        assertThat(h3.calls).singleElement().asString().startsWith("off h3 attune-worker-");
        assertThat(driver.poweredOff).isEmpty();
        // h1 still runs guests: refused before any controller or driver is asked.
        assertThat(entries(Kind.ACTION_SKIPPED)).singleElement().satisfies(e ->
                assertThat(e.message()).isEqualTo("skipped power off: host still has guests or migrations"));

        engine.removePowerController(h3);
        engine.addPolicy(policy("other", v -> List.of(new Action.PowerOff("h3", "empty"))), "other", "o");
        engine.usePolicy("other");
        cycle();
        // Without a controller nothing switches the host: the driver is never asked.
        assertThat(driver.poweredOff).isEmpty();
        assertThat(entries(Kind.ACTION_SKIPPED)).anySatisfy(e -> assertThat(e.message())
                .isEqualTo("skipped power off: no power controller can switch off host h3"));
    }

    @Test
    void aPolicyChangeIsJournaledWithTheCycleAfterWhichItApplies() {
        engine.addPolicy(policy("p1", v -> List.of()), "p1", "b1");
        engine.addPolicy(policy("p2", v -> List.of()), "p2", "b2");
        engine.usePolicy("p1");
        cycle();
        engine.usePolicy("p2");
        cycle();
        JournalEntry change = engine.journal(JournalQuery.all()).stream()
                .filter(e -> e.kind() == Kind.POLICY_CHANGED && e.message().equals("policy p1 -> p2 (command)"))
                .findFirst().orElseThrow();
        List<JournalEntry> cycles = entries(Kind.CYCLE);
        assertThat(change.cycle()).isEqualTo(cycles.get(0).cycle());
        assertThat(cycles).extracting(JournalEntry::policy).containsExactly("p1", "p2");
    }
}
