package org.attune.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.probe.Probe;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Probes run in parallel under one deadline, and a probe still running is waited for, not called again. */
class ProbeRunnerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final ProbeRunner runner = new ProbeRunner(workers);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        workers.shutdownNow();
    }

    /**
     * A probe that counts its calls and answers only once {@code gate} is open; a member of the gate counts it down
     * when called (so members open it together).
     */
    private static final class GatedProbe implements Probe {
        final String name;
        final CountDownLatch gate;
        final boolean member;
        final AtomicInteger calls = new AtomicInteger();

        GatedProbe(String name, CountDownLatch gate, boolean member) {
            this.name = name;
            this.gate = gate;
            this.member = member;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Sample> sample(Instant now) {
            calls.incrementAndGet();
            if (member) {
                gate.countDown();
            }
            try {
                gate.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(new Sample(Subject.host(name), Metrics.CPU_UTILIZATION, 0.5, now));
        }
    }

    @Test
    void probesRunInParallel() {
        // Each probe answers only once all four have been called: called one after another, none would answer.
        CountDownLatch allCalled = new CountDownLatch(4);
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            probes.add(new GatedProbe("p" + i, allCalled, true));
        }
        ProbeRunner.Result r = runner.sample(probes, NOW, Duration.ofSeconds(30));
        assertThat(r.problems()).isEmpty();
        assertThat(r.samples()).extracting(s -> s.subject().id()).containsExactly("p0", "p1", "p2", "p3");
    }

    @Test
    void oneDeadlineForAllProbes() {
        int hung = 20;
        Duration timeout = Duration.ofMillis(100);
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < hung; i++) {
            probes.add(new GatedProbe("hung" + i, release, false));
        }
        long t0 = System.nanoTime();
        ProbeRunner.Result r = runner.sample(probes, NOW, timeout);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(r.problems()).hasSize(hung).allSatisfy(p -> assertThat(p.what()).isEqualTo("took longer than 100 ms"));
        // A deadline per probe could not take less than hung x timeout, however fast the machine; one shared
        // deadline takes one timeout plus scheduling, however slow the machine (within reason: 1.9 s of slack).
        assertThat(took).isLessThan(timeout.multipliedBy(hung));
    }

    @Test
    void aProbeStillRunningIsReusedNotCalledAgain() {
        GatedProbe stuck = new GatedProbe("stuck", new CountDownLatch(1), false);
        Probe quick = new GatedProbe("quick", new CountDownLatch(0), false);
        ProbeRunner.Result first = runner.sample(List.of(stuck, quick), NOW, Duration.ofMillis(50));
        assertThat(first.problems()).singleElement().isEqualTo(new ProbeRunner.Problem("stuck", "took longer than 50 ms"));
        assertThat(first.samples()).extracting(s -> s.subject().id()).containsExactly("quick");

        ProbeRunner.Result second = runner.sample(List.of(stuck, quick), NOW.plusSeconds(1), Duration.ofMillis(50));
        assertThat(stuck.calls).as("not called while its first call runs").hasValue(1);
        assertThat(second.problems()).singleElement().satisfies(p -> assertThat(p.what())
                .isEqualTo("still running since " + NOW + " (not called again; no samples)"));

        stuck.gate.countDown(); // the first call answers
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.running() == 0);
        ProbeRunner.Result third = runner.sample(List.of(stuck), NOW.plusSeconds(2), Duration.ofSeconds(30));
        assertThat(stuck.calls).as("called again once its call ended").hasValue(2);
        assertThat(third.problems()).isEmpty();
        assertThat(third.samples()).singleElement().satisfies(s -> assertThat(s.timestamp()).isEqualTo(NOW.plusSeconds(2)));
    }

    @Test
    void aHungProbeIsJournaledEachCycleAndTheCycleGoesOn() {
        TestClock clock = new TestClock();
        OrchestratorEngine engine = new OrchestratorEngine(OrchestratorSettings.defaults()
                .withProbeTimeout(Duration.ofMillis(50)), clock);
        try {
            GatedProbe stuck = new GatedProbe("stuck", new CountDownLatch(1), false);
            engine.plugins().addProbe(stuck);
            engine.runCycle();
            engine.runCycle();
            assertThat(stuck.calls).hasValue(1);
            assertThat(engine.journal(org.attune.api.orchestrator.JournalQuery.all()).stream()
                    .filter(e -> e.kind() == Kind.PROBE_ERROR).toList()).hasSize(2).allSatisfy(e -> {
                        assertThat(e.text(JournalEvent.PROBE)).hasValue("stuck");
                        assertThat(e.text(Fact.PROBLEM)).isPresent();
                    });
            assertThat(engine.status().cycles()).isEqualTo(2);
            stuck.gate.countDown();
        } finally {
            engine.stop();
        }
    }
}
