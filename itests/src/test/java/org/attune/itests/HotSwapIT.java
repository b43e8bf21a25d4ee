package org.attune.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.orchestrator.Orchestrator;
import org.attune.api.orchestrator.PolicyInfo;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Hot-swap safety: while migrations are continuously in flight, the policy bundle is stopped, uninstalled and
 * reinstalled 20 times; no migration fails or is aborted and the loop never misses a cycle. And hot deploy:
 * a policy bundle dropped into deploy/ becomes usable, removing it falls back to monitoring.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends AttuneKarafTestSupport {

    private static final String POLICY_BUNDLE = "org.attune.policy.threshold";

    private Orchestrator orchestrator;

    @Override
    protected Option[] extraOptions() {
        // A short period gives many cycles, and so many chances to catch a bundle half gone.
        return new Option[] {editConfigurationFilePut("etc/org.attune.orchestrator.cfg", "period", "0.5"),
                editConfigurationFilePut("etc/org.attune.orchestrator.cfg", "mode", "automatic")};
    }

    @Before
    public void clusterAndPolicyAreUp() {
        orchestrator = awaitService(Orchestrator.class, null);
        await("the seed cluster and the threshold policy").atMost(WAIT).until(() ->
                orchestrator.currentView().guests().size() == 3 && "threshold".equals(orchestrator.activePolicy()));
    }

    @Test
    public void policyBundleBouncedTwentyTimesUnderLoad() throws Exception {
        long firstSeq = lastSequence();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger completed = new AtomicInteger();
        List<String> badOutcomes = new CopyOnWriteArrayList<>();
        ExecutorService migrator = Executors.newSingleThreadExecutor();
        Future<?> load = migrator.submit(() -> keepMigrating(running, completed, badOutcomes));
        int bouncesUnderMigration = 0;
        try {
            for (int i = 0; i < 20; i++) {
                await("a migration in flight before bounce " + i).atMost(WAIT)
                        .until(() -> orchestrator.status().migrationsInFlight() > 0);
                Bundle policy = bundle(POLICY_BUNDLE);
                byte[] jar = read(policy.getLocation());
                if (orchestrator.status().migrationsInFlight() > 0) {
                    bouncesUnderMigration++;
                }
                policy.stop();
                policy.uninstall();
                installBundle(policy.getLocation(), new java.io.ByteArrayInputStream(jar));
                await("policy back after bounce " + i).atMost(WAIT)
                        .until(() -> "threshold".equals(orchestrator.activePolicy()));
            }
            long cyclesAtEnd = orchestrator.status().cycles();
            await("the loop goes on").atMost(WAIT).until(() -> orchestrator.status().cycles() > cyclesAtEnd + 2);
        } finally {
            running.set(false);
            load.get(2, TimeUnit.MINUTES);
            migrator.shutdownNow();
        }
        await("the last migration ends").atMost(WAIT).until(() -> orchestrator.status().migrationsInFlight() == 0);

        List<JournalEntry> journal = orchestrator.journal(JournalQuery.all()).stream()
                .filter(e -> e.sequence() > firstSeq).collect(Collectors.toList());
        List<JournalEntry> failures = journal.stream()
                .filter(e -> Set.of(Kind.ACTION_FAILED, Kind.ACTION_ABORTED, Kind.ERROR).contains(e.kind()))
                .collect(Collectors.toList());
        assertTrue("failed or aborted: " + failures + " / " + badOutcomes, failures.isEmpty() && badOutcomes.isEmpty());
        long succeeded = journal.stream().filter(e -> e.kind() == Kind.ACTION_SUCCEEDED).count();
        assertEquals("bounces with a migration in flight", 20, bouncesUnderMigration);
        assertTrue("migrations completed during the bounces: " + completed.get(), completed.get() >= 2);
        assertTrue("journal has the successes: " + succeeded, succeeded >= completed.get());
        List<Long> cycles = journal.stream().filter(e -> e.kind() == Kind.CYCLE).map(JournalEntry::cycle)
                .collect(Collectors.toList());
        for (int i = 1; i < cycles.size(); i++) {
            assertEquals("cycles follow each other without a gap", cycles.get(i - 1) + 1, (long) cycles.get(i));
        }
        assertTrue("cycles ran during the test: " + cycles.size(), cycles.size() >= 10);
        long wentAway = journal.stream().filter(e -> e.kind() == Kind.POLICY_CHANGED)
                .filter(e -> e.message().contains("went away")).count();
        assertEquals("every bounce is journaled", 20, wentAway);
    }

    /**
     * Moves app1 between host2 and host3 until told to stop, at 64 MiB/s so that each migration lasts about 2 s
     * of wall time and one is nearly always in flight; an operator move is refused only by the limits.
     */
    private void keepMigrating(AtomicBoolean running, AtomicInteger completed, List<String> badOutcomes) {
        while (running.get()) {
            String current = orchestrator.currentView().hostOf(guestId("app1"));
            String target = "host2".equals(current) ? "host3" : "host2";
            try {
                MigrationResult r = orchestrator.migrate("app1", target, MigrationOptions.live().withBandwidth(64))
                        .result().toCompletableFuture().get(1, TimeUnit.MINUTES);
                if (r.succeeded()) {
                    completed.incrementAndGet();
                } else {
                    badOutcomes.add(r.toString());
                }
            } catch (IllegalStateException refusedByLimits) {
                // Another migration holds the source or target: try again shortly.
                await().pollDelay(java.time.Duration.ofMillis(100)).until(() -> true);
            } catch (Exception e) {
                badOutcomes.add(e.toString());
            }
        }
    }

    @Test
    public void policyDroppedIntoDeployIsUsableAndRemovingItFallsBack() throws Exception {
        Bundle installed = bundle(POLICY_BUNDLE);
        String location = installed.getLocation();
        byte[] jar = read(location);
        installed.uninstall();
        await("no policy").atMost(WAIT).until(() -> orchestrator.activePolicy().isEmpty());

        Path deployed = Path.of(System.getProperty("karaf.base"), "deploy", POLICY_BUNDLE + ".jar");
        Files.write(deployed, jar);
        await("the dropped policy is listed and active").atMost(WAIT).until(() ->
                orchestrator.policies().stream().map(PolicyInfo::name).anyMatch("threshold"::equals)
                        && "threshold".equals(orchestrator.activePolicy()));
        String listed = executeCommand("attune:policy-list --no-format");
        assertTrue(listed, listed.contains("threshold"));

        long before = lastSequence();
        Files.delete(deployed);
        await("the removed policy is gone").atMost(WAIT).until(() -> orchestrator.activePolicy().isEmpty());
        long cycles = orchestrator.status().cycles();
        await("the loop keeps running without a policy").atMost(WAIT)
                .until(() -> orchestrator.status().cycles() > cycles + 2);
        assertTrue(orchestrator.journal(JournalQuery.all()).stream().filter(e -> e.sequence() > before)
                .anyMatch(e -> e.kind() == Kind.POLICY_CHANGED && e.message().contains("monitoring only")));

        installBundle(location, new java.io.ByteArrayInputStream(jar));
        await("restored").atMost(WAIT).until(() -> "threshold".equals(orchestrator.activePolicy()));
    }

    private String guestId(String name) {
        return orchestrator.currentView().guests().stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow().id();
    }

    private long lastSequence() {
        List<JournalEntry> last = orchestrator.journal(JournalQuery.last(1));
        return last.isEmpty() ? 0 : last.get(0).sequence();
    }

    private static byte[] read(String location) throws Exception {
        try (InputStream in = new URL(location).openStream()) {
            return in.readAllBytes();
        }
    }
}
