package org.attune.orchestrator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.PowerState;
import org.attune.api.driver.DriverStatus;
import org.attune.api.driver.GuestSpec;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationProgress;
import org.attune.api.driver.MigrationResult;
import org.attune.api.orchestrator.GuestRequest;
import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.orchestrator.Mode;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.api.provision.Provisioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported entry point runs the loop with nothing from the bundle's internals in sight. */
class StandaloneOrchestratorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Two hosts, guest g on h1; migrations end at once; guests can be defined. */
    private static final class TwoHosts implements HypervisorDriver {
        final Map<String, String> placement = new HashMap<>(Map.of("g", "h1"));
        final Map<String, Guest> guests = new HashMap<>(Map.of("g", new Guest("g", "g", 1, 256, "", "", Map.of(),
                GuestState.RUNNING)));
        GuestSpec defined;

        @Override public String id() { return "two"; }
        @Override public DriverStatus status() { return DriverStatus.online("two hosts"); }

        @Override
        public synchronized Inventory inventory() {
            return new Inventory("two", List.of(host("h1"), host("h2")), List.copyOf(guests.values()),
                    Map.copyOf(placement));
        }

        private static Host host(String id) {
            return new Host(id, id, "two", 1000, 2, 4096, PowerState.ON, Availability.ONLINE, "");
        }

        @Override
        public synchronized MigrationJob migrate(String guestId, String to, MigrationOptions options) {
            String from = placement.put(guestId, to);
            MigrationResult r = new MigrationResult(guestId, from, to, options.mode(), MigrationResult.Outcome.SUCCEEDED,
                    "", Duration.ofMillis(800), Duration.ofMillis(5), 4L << 20, to);
            return new MigrationJob() {
                @Override public String guestId() { return guestId; }
                @Override public String sourceHostId() { return from; }
                @Override public String targetHostId() { return to; }
                @Override public MigrationOptions options() { return options; }
                @Override public Instant started() { return CLOCK.instant(); }
                @Override public MigrationProgress progress() { return new MigrationProgress(1, 1, 0, 1); }
                @Override public CompletionStage<MigrationResult> result() { return CompletableFuture.completedFuture(r); }
                @Override public void abort(String reason) { }
            };
        }

        @Override
        public synchronized String defineGuest(String hostId, GuestSpec spec) {
            defined = spec;
            guests.put(spec.name(), new Guest(spec.name(), spec.name(), spec.vcpus(), spec.memoryMiB(), spec.mac(),
                    spec.tier(), spec.labels(), GuestState.RUNNING));
            placement.put(spec.name(), hostId);
            return spec.name();
        }

        @Override public void startGuest(String guestId) { }
        @Override public void stopGuest(String guestId) { }
    }

    /** Moves g to the other host every cycle. */
    private static final Policy BACK_AND_FORTH = new Policy() {
        @Override
        public String name() {
            return "back-and-forth";
        }

        @Override
        public Plan plan(ClusterView view) {
            String at = view.hostOf("g");
            return new Plan(name(), List.of(Action.live("g", at, at.equals("h1") ? "h2" : "h1", "exercise")), List.of());
        }
    };

    @Test
    void runsTheLoopAndKeepsModeAndPolicyInItsStateFile() {
        TwoHosts driver = new TwoHosts();
        OrchestratorSettings settings = OrchestratorSettings.defaults().withPolicy("back-and-forth").withCooldown(0);
        try (StandaloneOrchestrator o = StandaloneOrchestrator.builder().settings(settings).clock(CLOCK)
                .stateFile(dir.resolve("state.properties")).manualPendingActions().build()) {
            o.addDriver(driver, "two");
            o.addPolicy(BACK_AND_FORTH);
            o.runCycle();
            o.runCycle();
            assertThat(o.journal(JournalQuery.all()).stream().filter(e -> e.kind() == Kind.ACTION_SUCCEEDED))
                    .extracting(e -> e.text(Fact.TO_HOST).orElseThrow()).containsExactly("h2", "h1");
            assertThat(o.status().cycles()).isEqualTo(2);
            assertThat(o.activePolicy()).isEqualTo("back-and-forth");
            o.setMode(Mode.RECOMMEND);
        }
        try (StandaloneOrchestrator again = StandaloneOrchestrator.builder().settings(settings).clock(CLOCK)
                .stateFile(dir.resolve("state.properties")).build()) {
            assertThat(again.mode()).as("kept in the state file").isEqualTo(Mode.RECOMMEND);
            assertThat(again.settings()).isEqualTo(settings);
        }
    }

    @Test
    void operatorMigrationsAreValidated() throws Exception {
        TwoHosts driver = new TwoHosts();
        try (StandaloneOrchestrator o = StandaloneOrchestrator.builder().clock(CLOCK).build()) {
            o.addDriver(driver, "two");
            assertThatThrownBy(() -> o.migrate("g", "h1", MigrationOptions.live()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("cannot migrate g to h1: g is already on h1");
            assertThat(o.migrate("g", "h2", MigrationOptions.live()).result().toCompletableFuture().get().succeeded())
                    .isTrue();
            assertThat(o.currentView().hostOf("g")).isEqualTo("h2");
        }
    }

    @Test
    void guestLifecycleRunsProvisionersInOrderThenTheDriver() throws Exception {
        TwoHosts driver = new TwoHosts();
        List<String> calls = new ArrayList<>();
        Provisioner dhcp = provisioner("dhcp", calls, Map.of(Provisioner.LABEL_ADDRESS, "10.0.0.5"));
        Provisioner nfs = provisioner("nfs", calls, Map.of(Provisioner.LABEL_NFS_SERVER, "10.0.0.1",
                Provisioner.LABEL_NFS_PATH, "/guests/web1"));
        StandaloneGuestLifecycle lifecycle = StandaloneGuestLifecycle.builder().kernel("/boot/vmlinuz")
                .network("br0").driver(driver).provisioner(nfs, 20).provisioner(dhcp, 10).build();

        Guest g = lifecycle.create(GuestRequest.of("web1", "h2"));
        assertThat(calls).containsExactly("dhcp", "nfs");
        assertThat(g.labels()).containsEntry(Provisioner.LABEL_ADDRESS, "10.0.0.5");
        assertThat(driver.defined.cmdline()).contains("attune.nfs=10.0.0.1:/guests/web1");
        assertThat(lifecycle.guests()).extracting(Guest::name).containsExactly("web1");
        assertThatThrownBy(() -> StandaloneGuestLifecycle.builder().kernel("vmlinuz").network("br0").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute path");
    }

    private static Provisioner provisioner(String name, List<String> calls, Map<String, String> facts) {
        return new Provisioner() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void provision(Guest guest) {
            }

            @Override
            public Map<String, String> provisionWithFacts(Guest guest) {
                calls.add(name);
                return facts;
            }

            @Override
            public void deprovision(Guest guest, boolean deleteData) {
            }
        };
    }
}
