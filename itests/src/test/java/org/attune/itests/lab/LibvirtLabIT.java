package org.attune.itests.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.Subject;
import org.attune.api.driver.MigrationMode;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.orchestrator.Mode;
import org.attune.driver.libvirt.StandaloneLibvirtDriver;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.attune.orchestrator.standalone.StandaloneOrchestrator;
import org.attune.policy.threshold.ThresholdPolicy;
import org.attune.policy.threshold.ThresholdSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Attune against real libvirt: three lab hosts (libvirtd daemons in their own namespaces), two tiny TCG guests
 * serving HTTP, and the orchestrator, libvirt driver, CPU probe and threshold policy in this JVM. Everything goes
 * through Attune's API. The lab is started by the test and torn down after it, also when it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibvirtLabIT {

    private static final String G1 = "g1";
    private static final String G1_IP = "10.99.0.11";
    private static final String G2 = "g2";
    private static final String G2_IP = "10.99.0.12";
    private static final Duration WAIT = Duration.ofMinutes(2);

    private Lab lab;
    private StandaloneLibvirtDriver driver;
    private StandaloneOrchestrator engine;
    private final ExecutorService load = Executors.newCachedThreadPool();

    @BeforeAll
    void startLabAndAttune() throws Exception {
        lab = new Lab(Path.of("lab/lab.sh"), Path.of("target/lab.log"));
        try {
            lab.up();
            lab.guest(G1, "hostA", G1_IP);
            lab.guest(G2, "hostA", G2_IP);
            driver = StandaloneLibvirtDriver.open(Lab.hosts());
            // Recommend mode: only the tests and, in the automatic test, the policy start migrations.
            engine = StandaloneOrchestrator.builder().settings(OrchestratorSettings.builder().mode(Mode.RECOMMEND)
                    .policy(ThresholdPolicy.NAME).cooldownCycles(3).build()).build();
            engine.addDriver(driver, "libvirt");
            engine.addProbe(driver.cpuProbe());
            engine.addPolicy(new ThresholdPolicy(new ThresholdSettings(0.7, 0.05, 3, 0.6)), ThresholdPolicy.NAME);
            engine.start();
            await("three hosts online, two guests on hostA").atMost(WAIT).untilAsserted(() -> {
                ClusterView view = engine.currentView();
                assertThat(view.hosts()).filteredOn(h -> h.availability() == Availability.ONLINE).hasSize(3);
                assertThat(hostOf(view, G1)).isEqualTo("hostA");
                assertThat(hostOf(view, G2)).isEqualTo("hostA");
            });
        } catch (Exception | AssertionError e) {
            stopAll();
            throw e;
        }
    }

    @AfterAll
    void stopAll() throws Exception {
        load.shutdownNow();
        if (engine != null) {
            engine.stop();
        }
        if (driver != null) {
            driver.close();
        }
        lab.close();
    }

    private static String hostOf(ClusterView view, String guestName) {
        Guest guest = view.guests().stream().filter(g -> g.name().equals(guestName)).findFirst().orElse(null);
        return guest == null ? null : view.hostOf(guest.id());
    }

    /** Where libvirt says the guest runs: exactly one host. */
    private void assertOnlyOn(String guestName, String host) {
        await(guestName + " on " + host + " only").atMost(WAIT).untilAsserted(() -> {
            ClusterView view = engine.currentView();
            assertThat(view.guests()).filteredOn(g -> g.name().equals(guestName)).hasSize(1);
            assertThat(hostOf(view, guestName)).isEqualTo(host);
        });
    }

    private MigrationResult migrate(String guest, String host, MigrationOptions options) throws Exception {
        return engine.migrate(guest, host, options).result().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }

    @Test
    @Order(1)
    void liveMigrationKeepsServingAndDoesNotReboot() throws Exception {
        double uptimeBefore = lab.uptime(G1_IP);
        AtomicBoolean fetching = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Future<?> client = load.submit(() -> {
            while (fetching.get()) {
                try {
                    lab.get(G1_IP, "/");
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failures.add(e.toString());
                }
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
        });
        await("the client gets answers").atMost(WAIT).until(() -> ok.get() >= 5);
        MigrationResult result = migrate(G1, "hostB", MigrationOptions.live());
        int afterMigration = ok.get();
        await("answers after the migration").atMost(WAIT).until(() -> ok.get() >= afterMigration + 10);
        fetching.set(false);
        client.get(30, TimeUnit.SECONDS);

        assertThat(result.outcome()).as(result.detail()).isEqualTo(MigrationResult.Outcome.SUCCEEDED);
        assertThat(result.mode()).isEqualTo(MigrationMode.LIVE);
        assertThat(failures).as("failed requests during the live migration").isEmpty();
        assertThat(lab.uptime(G1_IP)).as("uptime goes on: the guest was not rebooted").isGreaterThan(uptimeBefore);
        assertOnlyOn(G1, "hostB");
        System.out.printf("live migration hostA -> hostB: %d ms, downtime %s ms, %d requests, 0 failed%n",
                result.total().toMillis(), result.downtime() == null ? "?" : result.downtime().toMillis(), ok.get());
    }

    @Test
    @Order(2)
    void regularMigrationIsReportedAsSuch() throws Exception {
        double uptimeBefore = lab.uptime(G1_IP);
        MigrationResult result = migrate(G1, "hostC", MigrationOptions.regular());
        assertThat(result.outcome()).as(result.detail()).isEqualTo(MigrationResult.Outcome.SUCCEEDED);
        assertThat(result.mode()).isEqualTo(MigrationMode.REGULAR);
        assertOnlyOn(G1, "hostC");
        assertThat(lab.uptime(G1_IP)).isGreaterThan(uptimeBefore);
        assertThat(engine.journal(JournalQuery.all().forGuest(G1).ofKinds(Set.of(Kind.ACTION_SUCCEEDED))))
                .last().satisfies(e -> assertThat(e.message()).startsWith("regular migration hostB -> hostC succeeded"));
        System.out.printf("regular migration hostB -> hostC: %d ms, downtime %s ms%n", result.total().toMillis(),
                result.downtime() == null ? "?" : result.downtime().toMillis());
    }

    @Test
    @Order(3)
    void cpuProbeSeesAGuestGoFromIdleToBusyAndBack() throws Exception {
        String g2 = guestId(G2);
        await("g2 idle").atMost(WAIT).until(() -> utilization(g2) < 0.3);
        AtomicBoolean burning = new AtomicBoolean(true);
        Future<?> burner = burn(G2_IP, burning);
        try {
            await("g2 busy").atMost(WAIT).until(() -> utilization(g2) > 0.6);
        } finally {
            burning.set(false);
            burner.get(30, TimeUnit.SECONDS);
        }
        await("g2 idle again").atMost(WAIT).until(() -> utilization(g2) < 0.3);
    }

    @Test
    @Order(4)
    void automaticModeMovesOneOfTwoLoadedGuestsAway() throws Exception {
        assertThat(migrate(G1, "hostA", MigrationOptions.live()).succeeded()).isTrue();
        assertOnlyOn(G1, "hostA");
        long before = lastSequence();
        engine.setMode(Mode.AUTOMATIC);
        AtomicBoolean burning = new AtomicBoolean(true);
        List<Future<?>> burners = List.of(burn(G1_IP, burning), burn(G2_IP, burning));
        try {
            await("the orchestrator moves one loaded guest off hostA on its own").atMost(Duration.ofMinutes(3))
                    .until(() -> journalSince(before).stream().anyMatch(e -> e.kind() == Kind.ACTION_SUCCEEDED
                            && e.policy().equals(ThresholdPolicy.NAME) && e.message().contains("hostA ->")));
        } finally {
            burning.set(false);
            for (Future<?> f : burners) {
                f.get(30, TimeUnit.SECONDS);
            }
            engine.setMode(Mode.RECOMMEND);
        }
        ClusterView view = engine.currentView();
        assertThat(List.of(hostOf(view, G1), hostOf(view, G2))).containsOnlyOnce("hostA");
        assertThat(journalSince(before)).filteredOn(e -> e.kind() == Kind.ACTION_STARTED)
                .allSatisfy(e -> assertThat(e.message()).contains("hostA CPU demand"));
    }

    @Test
    @Order(5)
    void killedDaemonTakesItsHostOfflineAndBackWhileTheLoopGoesOn() throws Exception {
        engine.setMode(Mode.AUTOMATIC);
        long before = lastSequence();
        try {
            lab.stopDaemon("hostC");
            await("hostC offline with a detail").atMost(WAIT).untilAsserted(() -> {
                Host c = engine.currentView().host("hostC").orElseThrow();
                assertThat(c.availability()).isEqualTo(Availability.OFFLINE);
                assertThat(c.detail()).isNotBlank();
            });
            long cycles = engine.status().cycles();
            await("the loop goes on").atMost(WAIT).until(() -> engine.status().cycles() >= cycles + 3);
            lab.startDaemon("hostC");
            await("hostC online again").atMost(WAIT).until(() ->
                    engine.currentView().host("hostC").orElseThrow().availability() == Availability.ONLINE);
        } finally {
            engine.setMode(Mode.RECOMMEND);
        }
        assertThat(journalSince(before)).as("nothing was sent to the offline host")
                .noneMatch(e -> e.kind() == Kind.ACTION_STARTED && e.host().equals("hostC"));
        assertThat(journalSince(before)).noneMatch(e -> e.kind() == Kind.ERROR);
    }

    private Future<?> burn(String ip, AtomicBoolean burning) {
        return load.submit(() -> {
            while (burning.get()) {
                try {
                    lab.get(ip, "/cgi-bin/burn?ms=1000");
                } catch (Exception e) {
                    // A busy guest may answer late; keep it busy.
                }
            }
        });
    }

    private String guestId(String name) {
        return engine.currentView().guests().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow().id();
    }

    private double utilization(String guestId) {
        return engine.view().metrics().latest(Subject.guest(guestId), Metrics.CPU_UTILIZATION, -1);
    }

    private long lastSequence() {
        List<JournalEntry> last = engine.journal(JournalQuery.last(1));
        return last.isEmpty() ? 0 : last.get(0).sequence();
    }

    private List<JournalEntry> journalSince(long sequence) {
        return engine.journal(JournalQuery.all()).stream().filter(e -> e.sequence() > sequence).toList();
    }
}
