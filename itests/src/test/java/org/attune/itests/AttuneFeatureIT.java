package org.attune.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.orchestrator.Mode;
import org.attune.api.orchestrator.Orchestrator;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The attune feature in the real distribution: installed at boot, its bundles active, the simulated seed
 * cluster up, and the shell commands listing and migrating guests.
 *
 * <p>The orchestrator starts in mode off here (the shipped default is automatic), so only the tests move
 * guests; each test leaves the placement as it found it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AttuneFeatureIT extends AttuneKarafTestSupport {

    private static final Set<String> ATTUNE_BUNDLES = Set.of("org.attune.api", "org.attune.orchestrator",
            "org.attune.driver.sim", "org.attune.policy.threshold", "org.attune.shell");
    /** The seed scenario: every guest starts on host1. */
    private static final Map<String, String> SEED_PLACEMENT = Map.of("front", "host1", "app1", "host1", "app2", "host1");

    private Orchestrator orchestrator;

    @Override
    protected Option[] extraOptions() {
        // Written before the first boot, so the feature's <configfile> (never overwriting) keeps this one.
        return new Option[] {editConfigurationFilePut("etc/org.attune.orchestrator.cfg", "mode", "off")};
    }

    @Before
    public void seedClusterIsUp() {
        orchestrator = awaitService(Orchestrator.class, null);
        await("the seed cluster").atMost(WAIT).untilAsserted(() -> {
            ClusterView view = orchestrator.currentView();
            assertEquals(List.of("host1", "host2", "host3"),
                    view.hosts().stream().map(Host::name).sorted().collect(Collectors.toList()));
            assertEquals(SEED_PLACEMENT, placementByName(view));
        });
    }

    @Test
    public void attuneFeatureIsInstalledAndItsBundlesAreActive() throws Exception {
        assertTrue("feature attune installed", featuresService.isInstalled(featuresService.getFeature("attune")));
        ATTUNE_BUNDLES.forEach(this::assertBundleActive);
        assertEquals(Mode.OFF, orchestrator.mode());
        assertEquals("threshold", orchestrator.activePolicy());
    }

    @Test
    public void hostListShowsTheThreeHosts() throws Exception {
        List<List<String>> rows = rows(executeCommand("attune:host-list --no-format"));

        assertEquals(3, rows.size());
        Map<String, List<String>> byName = rows.stream().collect(Collectors.toMap(r -> r.get(0), r -> r));
        assertEquals(Set.of("host1", "host2", "host3"), byName.keySet());
        assertEquals("guests on host1", "3", byName.get("host1").get(8));
        assertEquals("guests on host2", "0", byName.get("host2").get(8));
        byName.values().forEach(r -> assertEquals("availability of " + r.get(0), "online", r.get(3)));
    }

    @Test
    public void guestListShowsEachGuestOnItsHost() throws Exception {
        List<List<String>> rows = rows(executeCommand("attune:guest-list --no-format"));

        Map<String, String> hostByGuest = rows.stream().collect(Collectors.toMap(r -> r.get(0), r -> r.get(1)));
        assertEquals(SEED_PLACEMENT, hostByGuest);

        String onHost2 = executeCommand("attune:guest-list --host host2");
        assertTrue(onHost2, onHost2.contains("No guests on host2"));
    }

    @Test
    public void migrateMovesAGuestAndTheJournalSaysSo() throws Exception {
        String out = executeCommand("attune:migrate app1 host3");
        try {
            assertTrue(out, out.contains("Migrating app1 from host1 to host3 (live)"));
            assertTrue(out, out.contains("app1 host1 -> host3: SUCCEEDED"));
            await("app1 on host3").atMost(WAIT)
                    .untilAsserted(() -> assertEquals("host3", placementByName(orchestrator.currentView()).get("app1")));

            String journal = executeCommand("attune:journal --guest app1 --no-format");
            List<List<String>> succeeded = rows(journal).stream()
                    .filter(r -> r.contains(JournalEntry.Kind.ACTION_SUCCEEDED.name())).collect(Collectors.toList());
            assertEquals(journal, 1, succeeded.size());
            assertTrue(journal, succeeded.get(0).contains("app1"));
            assertEquals(1, orchestrator.journal(JournalQuery.all().forGuest("app1")
                    .ofKinds(Set.of(JournalEntry.Kind.ACTION_SUCCEEDED))).size());
        } finally {
            // Back where it was, so the other tests see the seed placement.
            String back = executeCommand("attune:migrate app1 host1");
            assertTrue(back, back.contains("SUCCEEDED"));
        }
    }

    @Test
    public void migratingAnUnknownGuestFailsNamingIt() {
        Exception e = executeFailingCommand("attune:migrate nosuchguest host2");

        assertTrue(e.toString(), e instanceof IllegalArgumentException);
        assertTrue(e.getMessage(), e.getMessage().contains("nosuchguest"));
    }

    private static Map<String, String> placementByName(ClusterView view) {
        Map<String, String> byName = new TreeMap<>();
        for (Guest g : view.guests()) {
            String hostId = view.hostOf(g.id());
            byName.put(g.name(), view.host(hostId).map(Host::name).orElse(hostId));
        }
        return byName;
    }

    /**
     * attune:mode is runtime state kept in the orchestrator's data area: it never writes the configuration, and the
     * configuration updated without a new mode leaves it alone; a configuration whose mode changed still applies.
     */
    @Test
    public void theModeCommandIsRuntimeState_andAChangedConfigurationStillApplies() throws Exception {
        String pid = "org.attune.orchestrator";
        try {
            String out = executeCommand("attune:mode recommend");
            assertTrue(out, out.contains("Mode recommend (was off)"));
            assertEquals(Mode.RECOMMEND, orchestrator.mode());
            assertEquals("the configuration is not written", "off",
                    String.valueOf(configurationAdmin.getConfiguration(pid, "?").getProperties().get("mode")));
            File state = bundle(pid).getBundleContext().getDataFile("runtime-state.properties");
            assertTrue(state + " holds the mode", Files.readString(state.toPath())
                    .contains("mode = recommend"));

            // Another key changes, the mode stays as the file had it: the command's choice stays.
            updateConfiguration(pid, Map.of("period", "1.5"));
            await("the new period").atMost(WAIT).until(() -> orchestrator.status().period()
                    .equals(Duration.ofMillis(1500)));
            assertEquals(Mode.RECOMMEND, orchestrator.mode());

            // The file's mode changes: it wins, and the journal says where the change came from.
            executeCommand("attune:mode off");
            long before = orchestrator.journal(JournalQuery.last(1)).get(0).sequence();
            updateConfiguration(pid, Map.of("mode", "recommend"));
            await("the configuration's mode").atMost(WAIT).until(() -> orchestrator.mode() == Mode.RECOMMEND);
            assertTrue(orchestrator.journal(JournalQuery.all()).stream().anyMatch(e -> e.sequence() > before
                    && e.kind() == JournalEntry.Kind.MODE_CHANGED
                    && "configuration".equals(e.text(JournalEntry.Fact.INITIATOR).orElse(""))
                    && "recommend".equals(e.text(JournalEntry.Fact.TO).orElse(""))));
        } finally {
            updateConfiguration(pid, Map.of("mode", "off", "period", "2"));
            orchestrator.setMode(Mode.OFF);
            await("back to mode off").atMost(WAIT).until(() -> orchestrator.mode() == Mode.OFF
                    && orchestrator.status().period().equals(Duration.ofSeconds(2)));
        }
    }

    @Test
    public void badConfigurationsAreReportedAndTheRestKeepsRunning() throws Exception {
        long cycles = orchestrator.status().cycles();
        createFactoryConfiguration("org.attune.driver.sim.guest", "ghost", Map.of("name", "ghost",
                "host", "host9", "memoryMiB", 256L, "workload", "constant 50"));
        createFactoryConfiguration("org.attune.driver.sim.guest", "giant", Map.of("name", "giant",
                "host", "host2", "memoryMiB", 65536L, "workload", "constant 50"));
        createFactoryConfiguration("org.attune.driver.sim.host", "broken", Map.of("name", "broken",
                "cpus", -2, "memoryMiB", 1024L));
        try {
            await("the problems show in attune:status").atMost(WAIT).untilAsserted(() -> {
                String status = executeCommand("attune:status");
                assertTrue(status, status.contains("ghost") && status.contains("host9"));
                assertTrue(status, status.contains("giant"));
                assertTrue(status, status.contains("broken"));
            });
            // The cluster and the loop are unharmed: same guests, same hosts, cycles go on.
            assertEquals(SEED_PLACEMENT, placementByName(orchestrator.currentView()));
            assertEquals(3, orchestrator.currentView().hosts().size());
            await("the loop goes on").atMost(WAIT).until(() -> orchestrator.status().cycles() > cycles + 1);
        } finally {
            deleteConfiguration(configurationAdmin.getFactoryConfiguration("org.attune.driver.sim.guest", "ghost", "?").getPid());
            deleteConfiguration(configurationAdmin.getFactoryConfiguration("org.attune.driver.sim.guest", "giant", "?").getPid());
            deleteConfiguration(configurationAdmin.getFactoryConfiguration("org.attune.driver.sim.host", "broken", "?").getPid());
        }
        await("the problems clear").atMost(WAIT).untilAsserted(() -> {
            String status = executeCommand("attune:status");
            assertTrue(status, !status.contains("ghost") && !status.contains("giant"));
        });
    }
}
