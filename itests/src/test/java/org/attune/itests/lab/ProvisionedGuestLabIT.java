package org.attune.itests.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.attune.api.Availability;
import org.attune.api.Guest;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;
import org.attune.api.orchestrator.GuestRequest;
import org.attune.api.provision.Provisioner;
import org.attune.driver.libvirt.StandaloneLibvirtDriver;
import org.attune.orchestrator.standalone.StandaloneGuestLifecycle;
import org.attune.provision.dhcp.DhcpSettings;
import org.attune.provision.dhcp.StandaloneDhcpProvisioner;
import org.attune.provision.nfs.NfsSettings;
import org.attune.provision.nfs.StandaloneNfsProvisioner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A guest provisioned end to end by Attune on the real lab: Attune's own supervised dnsmasq (DHCP reservation) and
 * nfs-ganesha (per-guest export), both in the lab's network namespace, then the libvirt driver defines and starts
 * the guest with a kernel command line that makes it take DHCP and mount its export. The lab runs without its own
 * dnsmasq ({@code ATTUNE_LAB_DHCP=off}). Figures (boot to DHCP lease, boot to NFS mount) go to
 * {@code target/provision-lab/figures.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisionedGuestLabIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String G1 = "pg1";
    private static final String NFS_SERVER = "10.99.0.1";

    private final Path work = Path.of("target/provision-lab").toAbsolutePath();
    private final Path guests = work.resolve("guests");
    private final List<String> figures = new ArrayList<>();
    private Lab lab;
    private StandaloneLibvirtDriver driver;
    private StandaloneDhcpProvisioner dhcp;
    private StandaloneNfsProvisioner nfs;
    private StandaloneGuestLifecycle lifecycle;
    private Path consoleDir;
    private String g1Address;
    private byte[] firstFile;

    @BeforeAll
    void startLabAndAttune() throws Exception {
        lab = new Lab(Path.of("lab/lab.sh"), Path.of("target/lab.log")).environment("ATTUNE_LAB_DHCP", "off");
        try {
            lab.up();
            Lab.exec(Duration.ofMinutes(10), "sh", "-c", "command -v ganesha.nfsd && command -v dbus-daemon || "
                    + "{ p=/usr/sbin/policy-rc.d; a=0; [ -e $p ] || { printf '#!/bin/sh\\nexit 101\\n' >$p; "
                    + "chmod 755 $p; a=1; }; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y "
                    + "-qq --no-install-recommends nfs-ganesha nfs-ganesha-vfs dbus; r=$?; [ $a = 1 ] && rm -f $p; "
                    + "exit $r; }");
            Properties hosts = new Properties();
            try (var in = Files.newInputStream(Path.of("/run/attune-lab/hosts.properties"))) {
                hosts.load(in);
            }
            consoleDir = Path.of(hosts.getProperty("consoleDir"));
            // fresh state: this test's dnsmasq and ganesha own these directories (world-readable: dnsmasq drops root)
            deleteTree(work);
            Files.createDirectories(work.resolve("template"));
            Files.writeString(work.resolve("template/README"), "Files of an Attune lab guest\n");
            Lab.exec(Duration.ofSeconds(10), "chmod", "-R", "a+rX", work.toString());
            dhcp = StandaloneDhcpProvisioner.start(DhcpSettings.supervised("10.99.0.100", "10.99.0.149", "br-lab",
                    "attune-lab", work.resolve("dhcp")));
            nfs = StandaloneNfsProvisioner.start(NfsSettings.supervised(guests, work.resolve("template"), NFS_SERVER,
                    "attune-lab", work.resolve("nfs")));
            await("ganesha on D-Bus").atMost(WAIT).until(nfs::ready);
            driver = StandaloneLibvirtDriver.open(Lab.hosts());
            await("three hosts online").atMost(WAIT).untilAsserted(() -> assertThat(driver.inventory().hosts())
                    .filteredOn(h -> h.availability() == Availability.ONLINE).hasSize(3));
            lifecycle = StandaloneGuestLifecycle.builder().kernel(hosts.getProperty("kernel"))
                    .initrd(hosts.getProperty("initrd")).cmdline("console=ttyS0 quiet panic=-1").network("br-lab")
                    .consoleDir(consoleDir).driver(driver).provisioner(nfs, 20).provisioner(dhcp, 10).build();
        } catch (Exception | AssertionError e) {
            stopAll();
            throw e;
        }
    }

    @AfterAll
    void stopAll() throws Exception {
        try {
            Files.createDirectories(work);
            Files.write(work.resolve("figures.txt"), figures);
            figures.forEach(System.out::println);
            if (driver != null) {
                driver.close();
            }
            if (nfs != null) {
                nfs.close();
            }
            if (dhcp != null) {
                dhcp.close();
            }
        } finally {
            lab.close();
        }
    }

    private Guest domain(String name) {
        return driver.inventory().guests().stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
    }

    private String hostOf(String name) {
        Guest g = domain(name);
        return g == null ? null : driver.inventory().placement().get(g.id());
    }

    private String console(String name) throws IOException {
        Path f = consoleDir.resolve(name + ".console.log");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
    }

    private String leases() throws IOException {
        Path f = work.resolve("dhcp/dnsmasq.leases");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Test
    @Order(1)
    void createdGuestGetsItsReservedAddressMountsItsExportAndWritesAFile() throws Exception {
        long t0 = System.nanoTime();
        Guest g = lifecycle.create(GuestRequest.of(G1, "hostA"));
        long created = System.nanoTime();
        g1Address = g.labels().get(Provisioner.LABEL_ADDRESS);
        assertThat(g1Address).isEqualTo("10.99.0.100");
        assertThat(g.labels()).containsEntry(Provisioner.LABEL_NFS_PATH, "/attune/" + G1)
                .containsEntry(Provisioner.LABEL_NFS_SERVER, NFS_SERVER);
        long[] at = {-1, -1, -1}; // lease, NFS mount, READY
        String mac = g.mac();
        await("guest boots, takes DHCP and mounts NFS").atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            long now = System.nanoTime();
            if (at[0] < 0 && leases().contains(mac + " " + g1Address + " " + G1)) {
                at[0] = now;
            }
            String c = console(G1);
            if (at[1] < 0 && c.contains("ATTUNE-NFS ok")) {
                at[1] = now;
            }
            if (at[2] < 0 && c.contains("ATTUNE-READY")) {
                at[2] = now;
            }
            return at[0] > 0 && at[2] > 0;
        });
        String c = console(G1);
        assertThat(c).contains("ATTUNE-NFS ok " + NFS_SERVER + ":/attune/" + G1).contains("ATTUNE-READY " + g1Address);
        figures.add(String.format("create (DHCP reservation + NFS export + define + start): %d ms",
                TimeUnit.NANOSECONDS.toMillis(created - t0)));
        figures.add(String.format("domain started -> DHCP lease (reserved address) %d ms, -> NFS export mounted %d ms,"
                        + " -> READY %d ms", TimeUnit.NANOSECONDS.toMillis(at[0] - created),
                TimeUnit.NANOSECONDS.toMillis(at[1] - created), TimeUnit.NANOSECONDS.toMillis(at[2] - created)));
        assertThat(lab.get(g1Address, "/cgi-bin/hostname").trim()).isEqualTo(G1);
        assertThat(lab.get(g1Address, "/cgi-bin/data?write=first")).contains("wrote /data/first");
        Path first = guests.resolve(G1 + "/first");
        assertThat(first).exists();
        firstFile = Files.readAllBytes(first);
        assertThat(new String(firstFile, StandardCharsets.UTF_8)).startsWith(G1 + " ");
        assertThat(guests.resolve(G1 + "/README")).hasContent("Files of an Attune lab guest");
    }

    @Test
    @Order(2)
    void afterLiveMigrationTheSameAddressAnswersAndTheExportKeepsBothFiles() throws Exception {
        double uptime = lab.uptime(g1Address);
        MigrationResult r = driver.migrate(domain(G1).id(), "hostB", MigrationOptions.live()).result()
                .toCompletableFuture().get(2, TimeUnit.MINUTES);
        assertThat(r.succeeded()).as(r.detail()).isTrue();
        figures.add(String.format("live migration hostA -> hostB: %d ms, downtime %s", r.total().toMillis(),
                r.downtime() == null ? "?" : r.downtime().toMillis() + " ms"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(hostOf(G1)).isEqualTo("hostB"));
        assertThat(lab.uptime(g1Address)).isGreaterThan(uptime); // same guest, not rebooted
        assertThat(lab.get(g1Address, "/cgi-bin/data?write=second")).contains("wrote /data/second");
        assertThat(guests.resolve(G1 + "/second")).exists();
        assertThat(Files.readAllBytes(guests.resolve(G1 + "/first"))).isEqualTo(firstFile);
    }

    @Test
    @Order(3)
    void badInputIsRefusedAndTheDnsmasqAndGaneshaFilesStayAsTheyWere() throws Exception {
        Map<String, byte[]> before = snapshot();
        int domains = driver.inventory().guests().size();
        String mac = domain(G1).mac();
        refused(GuestRequest.of("pg2", "hostA").withMac(mac), "MAC " + mac + " is already reserved for " + G1);
        refused(GuestRequest.of("pg2", "hostA").withAddress(g1Address), "address " + g1Address + " is already reserved");
        refused(GuestRequest.of("pg2", "hostA").withAddress("10.99.0.150"), "outside the DHCP pool");
        refused(GuestRequest.of("pg2", "hostA").withAddress("10.99.0.20"), "outside the DHCP pool");
        refused(GuestRequest.of("a;reboot", "hostA"), "invalid guest name 'a;reboot'");
        refused(GuestRequest.of("$(reboot)", "hostA"), "invalid guest name '$(reboot)'");
        refused(GuestRequest.of("a b", "hostA"), "invalid guest name 'a b'");
        refused(GuestRequest.of("../etc", "hostA"), "invalid guest name '../etc'");
        refused(GuestRequest.of("x".repeat(300), "hostA"), "invalid guest name");
        refused(GuestRequest.of(G1, "hostA"), "guest " + G1 + " already exists on host hostB");
        // libvirt refuses to start it (1 TiB of memory): provisioned reservation and export are rolled back
        assertThatThrownBy(() -> lifecycle.create(GuestRequest.of("pg3", "hostA").withSize(1, 1 << 20)))
                .hasMessageContaining("host hostA");
        assertThat(snapshot()).containsOnlyKeys(before.keySet());
        Map<String, byte[]> after = snapshot();
        before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
        assertThat(driver.inventory().guests()).hasSize(domains);
        assertThat(guests.resolve("pg3")).doesNotExist();
    }

    private void refused(GuestRequest request, String message) {
        assertThatThrownBy(() -> lifecycle.create(request)).hasMessageContaining(message);
    }

    /** The dnsmasq hosts file, ganesha's configuration, every export file and the guests' directory tree. */
    private Map<String, byte[]> snapshot() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        out.put("dhcp-hosts", Files.readAllBytes(work.resolve("dhcp/dhcp-hosts")));
        out.put("ganesha.conf", Files.readAllBytes(work.resolve("nfs/ganesha.conf")));
        for (Path root : new Path[] {work.resolve("nfs/exports"), guests}) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    out.put(p.toString(), Files.isRegularFile(p) && root != guests ? Files.readAllBytes(p) : new byte[0]);
                }
            }
        }
        return out;
    }

    @Test
    @Order(4)
    void killedDnsmasqAndGaneshaAreRestartedWithTheirReservationsAndExports() throws Exception {
        long dnsmasqPid = dhcp.supervisedPid();
        long ganeshaPid = nfs.supervisedPid();
        Lab.exec(Duration.ofSeconds(10), "kill", "-KILL", Long.toString(dnsmasqPid), Long.toString(ganeshaPid));
        await("both restarted").atMost(WAIT).until(() -> dhcp.supervisedPid() > 0 && dhcp.supervisedPid() != dnsmasqPid
                && nfs.supervisedPid() > 0 && nfs.supervisedPid() != ganeshaPid);
        // the export is back: the running guest writes to it again (its NFS client reconnects)
        await("guest writes to its export after ganesha's restart").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(lab.get(g1Address, "/cgi-bin/data?write=third"))
                        .contains("wrote /data/third"));
        assertThat(guests.resolve(G1 + "/third")).exists();
        assertThat(Files.readAllBytes(guests.resolve(G1 + "/first"))).isEqualTo(firstFile);
        // the reservation is back: a new guest boots from the restarted daemons, and a reboot keeps pg1's address
        Guest g2 = lifecycle.create(GuestRequest.of("pg2", "hostC").withAddress("10.99.0.120"));
        await("pg2 boots with its address and export").atMost(WAIT).untilAsserted(() ->
                assertThat(console("pg2")).contains("ATTUNE-NFS ok").contains("ATTUNE-READY 10.99.0.120"));
        assertThat(lab.get("10.99.0.120", "/cgi-bin/data?write=hello")).contains("wrote /data/hello");
        assertThat(g2.labels()).containsEntry(Provisioner.LABEL_ADDRESS, "10.99.0.120");
        lifecycle.destroy("pg2", false);
        // destroyed without --delete-data: its files stay, nothing else
        assertThat(guests.resolve("pg2/hello")).exists();
        assertThat(Files.readString(work.resolve("dhcp/dhcp-hosts"))).doesNotContain("pg2");
        assertThat(work.resolve("nfs/exports/pg2.conf")).doesNotExist();
        await().atMost(WAIT).untilAsserted(() -> assertThat(domain("pg2")).isNull());
    }

    @Test
    @Order(5)
    void destroyWithDeleteDataLeavesNothing() throws Exception {
        lifecycle.destroy(G1, true);
        await().atMost(WAIT).untilAsserted(() -> assertThat(domain(G1)).isNull());
        assertThat(Files.readString(work.resolve("dhcp/dhcp-hosts"))).doesNotContain(G1);
        assertThat(nfs.exports()).doesNotContainKey(G1);
        assertThat(Files.readString(work.resolve("nfs/ganesha.conf"))).doesNotContain(G1);
        assertThat(guests.resolve(G1)).doesNotExist();
        assertThat(lifecycle.guests()).extracting(Guest::name).doesNotContain(G1);
        assertThat(nfs.settings().basePath()).exists();
    }

    private static void deleteTree(Path dir) throws IOException, InterruptedException {
        if (Files.exists(dir)) {
            Lab.exec(Duration.ofSeconds(30), "rm", "-rf", "--one-file-system", dir.toString());
        }
    }
}
