package org.attune.driver.libvirt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.attune.driver.libvirt.internal.TestNodes.DEFAULT_GUEST_UUID;
import static org.attune.driver.libvirt.internal.TestNodes.DEFAULT_URI;
import static org.attune.driver.libvirt.internal.TestNodes.domain;
import static org.attune.driver.libvirt.internal.TestNodes.host;
import static org.attune.driver.libvirt.internal.TestNodes.node;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.attune.api.Availability;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.PowerProfile;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.GuestSpec;
import org.attune.api.driver.Inventory;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationMode;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;
import org.attune.driver.libvirt.HostSettings;
import org.attune.driver.libvirt.internal.config.Configs;
import org.attune.driver.libvirt.internal.config.HostConfigurations;
import org.attune.driver.libvirt.internal.config.HostDefinition;
import org.attune.testing.SystemTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * The driver against the real libvirt library, through libvirt's test driver.
 *
 * <p>Needs libvirt installed: libvirt-java opens the test driver (test:///) through the native library.
 */
@SystemTest
class LibvirtDriverTest {

    private static final String WEB = "11111111-0000-0000-0000-000000000001";
    private static final String DB = "11111111-0000-0000-0000-000000000002";
    private static final String IDLE = "11111111-0000-0000-0000-000000000003";

    @TempDir
    Path dir;

    private LibvirtRuntime runtime;
    private LibvirtDriver driver;

    @BeforeEach
    void start() {
        runtime = LibvirtRuntime.acquire();
        driver = new LibvirtDriver(runtime);
    }

    @AfterEach
    void stop() throws Exception {
        driver.close().get(10, TimeUnit.SECONDS);
        LibvirtRuntime.release(runtime);
    }

    private Host hostRecord(String id) {
        return driver.inventory().hosts().stream().filter(h -> h.id().equals(id)).findFirst().orElse(null);
    }

    private Guest guest(String id) {
        return driver.inventory().guests().stream().filter(g -> g.id().equals(id)).findFirst().orElse(null);
    }

    private void awaitOnline(String... hosts) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (String h : hosts) {
                assertThat(hostRecord(h)).as(h).isNotNull();
                assertThat(hostRecord(h).availability()).as(hostRecord(h).detail()).isEqualTo(Availability.ONLINE);
            }
        });
    }

    /** alpha: web running (2 vcpus); beta: db running, idle defined but shut off. */
    private void twoHosts() {
        driver.bind(host("alpha", node(dir, "alpha", 4, 2000, 16384,
                domain("web", WEB, 2, 256, "52:54:00:00:00:01", true))));
        driver.bind(host("beta", node(dir, "beta", 8, 2400, 32768,
                domain("db", DB, 1, 512, "52:54:00:00:00:02", true),
                domain("idle", IDLE, 1, 128, null, false))));
        awaitOnline("alpha", "beta");
        await().untilAsserted(() -> assertThat(driver.inventory().guests()).hasSize(3));
    }

    @Test
    void libraryLoadsAndReportsItsVersion() throws Exception {
        assertThat(runtime.ready().get(10, TimeUnit.SECONDS)).matches("libvirt \\d+\\.\\d+\\.\\d+");
        assertThat(runtime.failure()).isNull();
        assertThat(driver.id()).isEqualTo("libvirt");
        await().untilAsserted(() -> assertThat(driver.status().detail()).contains("no libvirt hosts configured"));
        assertThat(driver.status().availability()).isEqualTo(Availability.ONLINE);
    }

    @Test
    void reportsTheTestDriversDefaultHostAndItsGuest() {
        driver.bind(host("alpha", DEFAULT_URI));
        awaitOnline("alpha");
        await().untilAsserted(() -> assertThat(guest(DEFAULT_GUEST_UUID)).isNotNull());

        Host h = hostRecord("alpha");
        assertThat(h.name()).isEqualTo("alpha");
        assertThat(h.driverId()).isEqualTo("libvirt");
        assertThat(h.cpus()).isEqualTo(16);
        assertThat(h.cpuCapacity()).isEqualTo(16 * 1400.0);
        assertThat(h.memoryMiB()).isEqualTo(3072);
        assertThat(h.detail()).startsWith("connected to TEST");
        assertThat(h.usable()).isTrue();

        Guest g = guest(DEFAULT_GUEST_UUID);
        assertThat(g.name()).isEqualTo("test");
        assertThat(g.vcpus()).isEqualTo(2);
        assertThat(g.memoryMiB()).isEqualTo(8192);
        assertThat(g.mac()).isEqualTo("aa:bb:cc:dd:ee:ff");
        assertThat(g.state()).isEqualTo(GuestState.RUNNING);
        assertThat(driver.inventory().placement()).containsEntry(DEFAULT_GUEST_UUID, "alpha");
        assertThat(driver.status().availability()).isEqualTo(Availability.ONLINE);
        assertThat(driver.status().detail()).isEqualTo("1 host, 1 online");
        assertThat(driver.status().problems()).isEmpty();
    }

    @Test
    void definesStartsAndRemovesAGuest() throws Exception {
        driver.bind(host("alpha", DEFAULT_URI));
        awaitOnline("alpha");
        GuestSpec spec = new GuestSpec("made", 1, 128, "52:54:00:00:00:42", "web", Map.of(), "/boot/vmlinuz",
                "/boot/initrd", "console=ttyS0 attune.ip=dhcp attune.nfs=10.0.0.1:/attune/made", "br0", "");
        String uuid = driver.defineGuest("alpha", spec);
        await().untilAsserted(() -> assertThat(guest(uuid)).isNotNull());
        assertThat(guest(uuid).name()).isEqualTo("made");
        assertThat(guest(uuid).mac()).isEqualTo("52:54:00:00:00:42");
        assertThat(guest(uuid).state()).isEqualTo(GuestState.RUNNING);
        assertThat(driver.inventory().placement()).containsEntry(uuid, "alpha");
        assertThatThrownBy(() -> driver.defineGuest("alpha", spec)).isInstanceOf(DriverException.class)
                .hasMessageContaining("guest made already exists on host alpha");
        assertThatThrownBy(() -> driver.defineGuest("nowhere", spec)).isInstanceOf(DriverException.class)
                .hasMessageContaining("unknown host 'nowhere' (libvirt hosts: alpha)");
        driver.undefineGuest(uuid);
        await().untilAsserted(() -> assertThat(guest(uuid)).isNull());
        assertThatThrownBy(() -> driver.undefineGuest(uuid)).isInstanceOf(DriverException.class);
    }

    @Test
    void domainXmlBootsTheKernelWithTheCommandLineAndEscapesEverything() {
        GuestSpec spec = new GuestSpec("g1", 2, 256, "52:54:00:AA:BB:CC", "a<b", Map.of(), "/k", "/i",
                "attune.ip=dhcp x='1' & y", "br-lab", "/run/g1.log");
        String xml = DomainXml.of(spec);
        assertThat(xml).startsWith("<domain type='qemu'>").contains("<name>g1</name>")
                .contains("<memory unit='MiB'>256</memory>").contains("<vcpu>2</vcpu>")
                .contains("<kernel>/k</kernel>").contains("<initrd>/i</initrd>")
                .contains("<cmdline>attune.ip=dhcp x=&apos;1&apos; &amp; y</cmdline>")
                .contains("<source bridge='br-lab'/>").contains("<mac address='52:54:00:aa:bb:cc'/>")
                .contains("<source path='/run/g1.log' append='on'/>").contains("attune tier a&lt;b");
    }

    @Test
    void configuredMipsPerCoreSetsTheCapacity() {
        driver.bind(HostDefinition.valid("s", TestNodes.fast(HostSettings.of("alpha", DEFAULT_URI)
                .withCpuMipsPerCore(500))));
        awaitOnline("alpha");
        assertThat(hostRecord("alpha").cpuCapacity()).isEqualTo(16 * 500.0);
    }

    @Test
    void guestsAreIdentifiedByUuidNeverByTheirPerHostNumericId() {
        twoHosts();
        Inventory inv = driver.inventory();
        // Both daemons number their first running domain 1: ids must not collide.
        assertThat(inv.guests()).extracting(Guest::id).containsExactlyInAnyOrder(WEB, DB, IDLE);
        assertThat(inv.placement()).isEqualTo(Map.of(WEB, "alpha", DB, "beta", IDLE, "beta"));
        assertThat(guest(WEB).state()).isEqualTo(GuestState.RUNNING);
        assertThat(guest(WEB).vcpus()).isEqualTo(2);
        assertThat(guest(WEB).memoryMiB()).isEqualTo(256);
        assertThat(guest(WEB).mac()).isEqualTo("52:54:00:00:00:01");
        assertThat(guest(IDLE).state()).isEqualTo(GuestState.STOPPED);
        assertThat(guest(IDLE).mac()).isEmpty();
        assertThat(inv.hosts()).extracting(Host::id).containsExactly("alpha", "beta");
        assertThat(hostRecord("beta").cpuCapacity()).isEqualTo(8 * 2400.0);
        assertThat(driver.status().detail()).isEqualTo("2 hosts, 2 online");
    }

    @Test
    void aGuestDefinedOnTwoHostsIsPlacedWhereItRuns() {
        String shared = "22222222-0000-0000-0000-000000000001";
        driver.bind(host("alpha", node(dir, "alpha", 2, 1000, 4096, domain("app", shared, 1, 128, null, false))));
        driver.bind(host("beta", node(dir, "beta", 2, 1000, 4096, domain("app", shared, 1, 128, null, true))));
        awaitOnline("alpha", "beta");
        await().untilAsserted(() -> {
            assertThat(driver.inventory().guests()).hasSize(1);
            assertThat(driver.inventory().placement()).containsEntry(shared, "beta");
            assertThat(guest(shared).state()).isEqualTo(GuestState.RUNNING);
        });
    }

    @Test
    void startAndStopAGuest() throws Exception {
        twoHosts();
        driver.stopGuest(WEB);
        assertThat(guest(WEB).state()).as("refreshed before stopGuest returns").isEqualTo(GuestState.STOPPED);
        assertThat(driver.inventory().placement()).as("a stopped guest stays where it is defined")
                .containsEntry(WEB, "alpha");
        assertThatThrownBy(() -> driver.stopGuest(WEB)).isInstanceOf(DriverException.class)
                .hasMessage("guest web is not running (host alpha)");

        driver.startGuest(WEB);
        assertThat(guest(WEB).state()).isEqualTo(GuestState.RUNNING);
        assertThatThrownBy(() -> driver.startGuest(WEB)).isInstanceOf(DriverException.class)
                .hasMessage("guest web is already running on host alpha");

        driver.startGuest(IDLE);
        assertThat(guest(IDLE).state()).isEqualTo(GuestState.RUNNING);
        assertThat(driver.inventory().placement()).containsEntry(IDLE, "beta");
    }

    @Test
    void unknownGuestsAndHostsAreClearErrors() {
        twoHosts();
        assertThatThrownBy(() -> driver.startGuest("nope")).isInstanceOf(DriverException.class)
                .hasMessageStartingWith("unknown guest nope");
        assertThatThrownBy(() -> driver.stopGuest("1")).as("a numeric libvirt id is not a guest id")
                .isInstanceOf(DriverException.class).hasMessageStartingWith("unknown guest 1");
        assertThatThrownBy(() -> driver.migrate("nope", "beta", MigrationOptions.live()))
                .isInstanceOf(DriverException.class).hasMessageStartingWith("unknown guest nope");
        assertThatThrownBy(() -> driver.migrate(WEB, "gamma", MigrationOptions.live()))
                .isInstanceOf(DriverException.class).hasMessage("unknown host gamma (libvirt hosts: alpha, beta)");
    }

    @Test
    void unreachableHostIsOfflineWithLibvirtsMessageAndRetriesWithoutNewStateChanges() {
        String socket = dir.resolve("no-daemon/libvirt-sock").toString();
        driver.bind(host("ghost", "qemu+unix:///system?socket=" + socket));
        await().untilAsserted(() -> {
            assertThat(hostRecord("ghost")).isNotNull();
            assertThat(hostRecord("ghost").detail()).startsWith("connection failed: ").contains(socket);
        });
        Host h = hostRecord("ghost");
        assertThat(h.availability()).isEqualTo(Availability.OFFLINE);
        assertThat(h.usable()).isFalse();
        LibvirtHost lh = driver.host("ghost");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(lh.connectAttempts()).isGreaterThanOrEqualTo(4));
        // Each attempt fails the same way: one state change (hence one log line), not one per attempt.
        assertThat(lh.stateChanges()).isEqualTo(1);
        assertThat(driver.status().availability()).as("the driver works; one host does not")
                .isEqualTo(Availability.ONLINE);
        assertThat(driver.status().detail()).isEqualTo("1 host, 0 online; offline: ghost");
        assertThatThrownBy(() -> driver.migrate(DEFAULT_GUEST_UUID, "ghost", MigrationOptions.live()))
                .isInstanceOf(DriverException.class);
    }

    @Test
    void unknownUriSchemeIsOfflineWithLibvirtsMessage() {
        // No local driver takes "bogus": libvirt hands it to its remote driver, whose daemon is not there (or
        // refuses the URI): either way a one-line libvirt message.
        driver.bind(host("odd", "bogus:///nothing"));
        await().untilAsserted(() -> assertThat(hostRecord("odd").detail()).startsWith("connection failed: ")
                .doesNotContain("\n").hasSizeGreaterThan("connection failed: ".length() + 10));
        assertThat(hostRecord("odd").availability()).isEqualTo(Availability.OFFLINE);
        assertThat(driver.inventory().guests()).isEmpty();
    }

    @Test
    void hostComesOnlineWhenItBecomesReachable() throws Exception {
        Path late = dir.resolve("late.xml");
        driver.bind(host("late", "test://" + late));
        await().untilAsserted(() -> assertThat(hostRecord("late").detail()).startsWith("connection failed: "));
        assertThat(driver.inventory().guests()).isEmpty();

        String uri = node(dir, "late", 2, 1000, 2048, domain("web", WEB, 1, 128, null, true));
        assertThat(uri).isEqualTo("test://" + late);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(hostRecord("late").availability()).isEqualTo(Availability.ONLINE);
            assertThat(guest(WEB)).isNotNull();
        });
        assertThat(driver.host("late").stateChanges()).isEqualTo(2);
        Files.delete(late);
    }

    @Test
    void migrationRefusedByTheTestDriverFailsCleanly() throws Exception {
        twoHosts();
        MigrationJob job = driver.migrate(WEB, "beta", MigrationOptions.live().withBandwidth(100));
        assertThat(job.guestId()).isEqualTo(WEB);
        assertThat(job.sourceHostId()).isEqualTo("alpha");
        assertThat(job.targetHostId()).isEqualTo("beta");
        assertThat(job.options().bandwidthMiBps()).isEqualTo(100);
        assertThat(job.progress()).isNotNull();

        MigrationResult r = job.result().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(r.outcome()).isEqualTo(MigrationResult.Outcome.FAILED);
        assertThat(r.detail()).contains("not supported");
        assertThat(r.guestId()).isEqualTo(WEB);
        assertThat(r.mode()).isEqualTo(MigrationMode.LIVE);
        assertThat(r.finalHostId()).isEqualTo("alpha");
        assertThat(r.total()).isPositive();
        assertThat(r.downtime()).isNull();
        assertThat(r.bytesTransferred()).isEqualTo(-1);
        // Shown on exactly one host, running, and no longer migrating.
        assertThat(driver.inventory().placement()).containsEntry(WEB, "alpha");
        assertThat(guest(WEB).state()).isEqualTo(GuestState.RUNNING);
        assertThat(driver.migrationOf(WEB)).isNull();

        // Aborting a finished job changes nothing, however often.
        job.abort("too late");
        job.abort(null);
        assertThat(job.result().toCompletableFuture().get()).isSameAs(r);

        // The guest can be migrated (and fail) again.
        MigrationResult again = driver.migrate(WEB, "beta", MigrationOptions.regular()).result()
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(again.outcome()).isEqualTo(MigrationResult.Outcome.FAILED);
        assertThat(again.mode()).isEqualTo(MigrationMode.REGULAR);
    }

    @Test
    void migrationThatCannotStartIsRefusedUpFront() {
        twoHosts();
        driver.bind(host("tiny", node(dir, "tiny", 1, 1000, 64)));
        driver.bind(host("ghost", "qemu+unix:///system?socket=" + dir.resolve("none")));
        awaitOnline("tiny");
        await().untilAsserted(() -> assertThat(hostRecord("ghost").detail()).startsWith("connection failed"));

        assertThatThrownBy(() -> driver.migrate(WEB, "alpha", MigrationOptions.live()))
                .isInstanceOf(DriverException.class).hasMessage("guest web is already on host alpha");
        assertThatThrownBy(() -> driver.migrate(WEB, "ghost", MigrationOptions.live()))
                .isInstanceOf(DriverException.class).hasMessageStartingWith("host ghost is offline: connection failed");
        assertThatThrownBy(() -> driver.migrate(IDLE, "alpha", MigrationOptions.live()))
                .isInstanceOf(DriverException.class).hasMessage("guest idle is stopped: only running guests migrate");
        assertThatThrownBy(() -> driver.migrate(WEB, "tiny", MigrationOptions.live()))
                .isInstanceOf(DriverException.class)
                .hasMessage("host tiny has not enough memory for guest web: it needs 256 MiB, 64 of 64 MiB are free");
    }

    @Test
    void removingAHostTakesItAndItsGuestsOutAndClosesItsConnection() throws Exception {
        HostDefinition alpha = host("alpha", node(dir, "alpha", 2, 1000, 4096, domain("web", WEB, 1, 128, null, true)));
        HostDefinition beta = host("beta", node(dir, "beta", 2, 1000, 4096, domain("db", DB, 1, 128, null, true)));
        driver.bind(alpha);
        driver.bind(beta);
        awaitOnline("alpha", "beta");
        await().untilAsserted(() -> assertThat(driver.inventory().guests()).hasSize(2));
        LibvirtHost removed = driver.host("beta");

        driver.unbind(beta);
        Inventory inv = driver.inventory();
        assertThat(inv.hosts()).extracting(Host::id).containsExactly("alpha");
        assertThat(inv.guests()).extracting(Guest::id).containsExactly(WEB);
        assertThat(inv.placement()).isEqualTo(Map.of(WEB, "alpha"));
        removed.closed().get(10, TimeUnit.SECONDS);
        assertThat(removed.state().host().detail()).isEqualTo("removed");
        assertThatThrownBy(() -> driver.stopGuest(DB)).isInstanceOf(DriverException.class)
                .hasMessageStartingWith("unknown guest");
        assertThat(driver.status().detail()).isEqualTo("1 host, 1 online");

        // Unbinding again is harmless; binding brings it back.
        driver.unbind(beta);
        driver.bind(beta);
        awaitOnline("beta");
        await().untilAsserted(() -> assertThat(driver.inventory().placement()).containsEntry(DB, "beta"));
    }

    @Test
    void invalidAndDuplicateConfigurationsAreProblemsNotHosts() {
        HostDefinition bad = HostConfigurations.from("host config org.attune.driver.libvirt~evil", "evil",
                Configs.host(Map.of("name", "x; rm -rf /", "uri", DEFAULT_URI)));
        driver.bind(bad);
        assertThat(driver.inventory().hosts()).isEmpty();
        assertThat(driver.status().problems()).containsExactly("host config org.attune.driver.libvirt~evil: "
                + "invalid host name 'x; rm -rf /': use 1-63 characters of [A-Za-z0-9_-]");

        HostDefinition first = HostDefinition.valid("host config a", TestNodes.fast(HostSettings.of("same",
                node(dir, "first", 2, 1000, 1024, domain("web", WEB, 1, 128, null, true)))));
        HostDefinition second = HostDefinition.valid("host config b", TestNodes.fast(HostSettings.of("same",
                node(dir, "second", 2, 1000, 1024, domain("db", DB, 1, 128, null, true)))));
        driver.bind(first);
        driver.bind(second);
        assertThat(driver.status().problems()).hasSize(2)
                .contains("host config b: host name 'same' is already used by host config a; this configuration is ignored");
        awaitOnline("same");
        await().untilAsserted(() -> assertThat(driver.inventory().guests()).extracting(Guest::id).containsExactly(WEB));

        // When the first goes, the second takes the name over.
        driver.unbind(first);
        driver.unbind(bad);
        assertThat(driver.status().problems()).isEmpty();
        awaitOnline("same");
        await().untilAsserted(() -> assertThat(driver.inventory().guests()).extracting(Guest::id).containsExactly(DB));
    }

    @Test
    void reconfigurationReplacesTheHostAndAStaleUnbindIsIgnored() {
        String source = "host config org.attune.driver.libvirt~alpha";
        HostDefinition v1 = HostDefinition.valid(source, TestNodes.fast(HostSettings.of("alpha",
                node(dir, "v1", 2, 1000, 1024, domain("web", WEB, 1, 128, null, true)))));
        HostDefinition v2 = HostDefinition.valid(source, TestNodes.fast(HostSettings.of("alpha",
                node(dir, "v2", 2, 1000, 1024, domain("db", DB, 1, 128, null, true)))));
        driver.bind(v1);
        awaitOnline("alpha");
        await().untilAsserted(() -> assertThat(driver.inventory().guests()).extracting(Guest::id).containsExactly(WEB));
        LibvirtHost old = driver.host("alpha");

        // DS binds the new configuration before it unbinds the old one.
        driver.bind(v2);
        driver.unbind(v1);
        assertThat(old.closed()).succeedsWithin(Duration.ofSeconds(10));
        awaitOnline("alpha");
        await().untilAsserted(() -> assertThat(driver.inventory().guests()).extracting(Guest::id).containsExactly(DB));
        assertThat(driver.host("alpha")).isNotSameAs(old);

        // The same settings again (a file rewritten unchanged) keep the connection.
        LibvirtHost current = driver.host("alpha");
        HostDefinition v2again = HostDefinition.valid(source, v2.settings());
        driver.bind(v2again);
        driver.unbind(v2);
        assertThat(driver.host("alpha")).isSameAs(current);
    }

    @Test
    void everyHostReportsItsPowerProfileAndAChangedProfileKeepsTheConnection() {
        PowerProfile v1 = PowerProfile.linear(70, 140).withBoot(Duration.ofSeconds(120), 90);
        PowerProfile v2 = PowerProfile.parseTable("86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117");
        String source = "host config org.attune.driver.libvirt~alpha";
        HostDefinition d1 = HostDefinition.valid(source,
                TestNodes.fast(HostSettings.of("alpha", DEFAULT_URI)).withPowerProfile(v1));
        driver.bind(d1);
        driver.bind(host("beta", DEFAULT_URI));
        awaitOnline("alpha", "beta");
        assertThat(hostRecord("alpha").powerProfile()).isEqualTo(v1);
        assertThat(hostRecord("beta").powerProfile()).isSameAs(PowerProfile.UNKNOWN);
        LibvirtHost alpha = driver.host("alpha");
        int attempts = alpha.connectAttempts();

        // The file rewritten with another profile only: the same connection reports the new profile.
        HostDefinition d2 = HostDefinition.valid(source, d1.settings().withPowerProfile(v2));
        driver.bind(d2);
        driver.unbind(d1);
        await().untilAsserted(() -> assertThat(hostRecord("alpha").powerProfile()).isEqualTo(v2));
        assertThat(driver.host("alpha")).isSameAs(alpha);
        assertThat(alpha.connectAttempts()).isEqualTo(attempts);
        assertThat(hostRecord("alpha").availability()).isEqualTo(Availability.ONLINE);
        // ... and keeps it through the next polls.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(hostRecord("alpha").powerProfile()).isEqualTo(v2));
    }

    @Test
    void anOfflineHostReportsItsPowerProfileToo() {
        PowerProfile p = PowerProfile.linear(50, 100);
        driver.bind(HostDefinition.valid("s", TestNodes.fast(HostSettings.of("ghost",
                "qemu+unix:///system?socket=" + dir.resolve("none"))).withPowerProfile(p)));
        await().untilAsserted(() -> {
            assertThat(hostRecord("ghost")).isNotNull();
            assertThat(hostRecord("ghost").detail()).startsWith("connection failed");
        });
        assertThat(hostRecord("ghost").availability()).isEqualTo(Availability.OFFLINE);
        assertThat(hostRecord("ghost").powerProfile()).isEqualTo(p);
    }

    @Test
    void lifecycleEventsRefreshTheInventoryWithoutWaitingForThePoll() throws Exception {
        HostSettings slowPoll = TestNodes.fast(HostSettings.of("alpha", DEFAULT_URI))
                .withPollInterval(Duration.ofSeconds(300));
        driver.bind(HostDefinition.valid("s", slowPoll));
        awaitOnline("alpha");
        await().untilAsserted(() -> assertThat(guest(DEFAULT_GUEST_UUID).state()).isEqualTo(GuestState.RUNNING));

        // Another libvirt client (test:///default is one node per process) stops and restarts the guest.
        Connect other = new Connect(DEFAULT_URI);
        Domain test = other.domainLookupByUUIDString(DEFAULT_GUEST_UUID);
        try {
            test.destroy();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> assertThat(guest(DEFAULT_GUEST_UUID).state()).isEqualTo(GuestState.STOPPED));
        } finally {
            if (test.isActive() == 0) {
                test.create();
            }
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(guest(DEFAULT_GUEST_UUID).state()).isEqualTo(GuestState.RUNNING));
        test.free();
        other.close();
    }

    @Test
    void operationsAfterCloseAreRefused() throws Exception {
        driver.bind(host("alpha", DEFAULT_URI));
        awaitOnline("alpha");
        LibvirtHost h = driver.host("alpha");
        driver.close().get(10, TimeUnit.SECONDS);
        assertThat(h.closed()).isCompleted();
        assertThat(driver.inventory().hosts()).isEmpty();
        assertThatThrownBy(() -> driver.startGuest(DEFAULT_GUEST_UUID)).isInstanceOf(DriverException.class)
                .hasMessage("driver libvirt is stopped");
        driver.bind(host("beta", DEFAULT_URI));
        assertThat(driver.inventory().hosts()).as("no hosts are added after close").isEmpty();
    }
}
