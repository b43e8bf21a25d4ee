package org.attune.provision.dhcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.attune.provision.dhcp.DhcpSettings;
import org.attune.testing.HostCommands;
import org.attune.testing.SystemTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real dnsmasq in a network namespace of the test's own, leases taken by a real busybox udhcpc. */
@SystemTest
class DnsmasqProvisionerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private DhcpNet net;
    private final List<DnsmasqProvisioner> started = new ArrayList<>();
    private Process external;

    @BeforeEach
    void network() throws Exception {
        // dnsmasq drops root privileges and then rereads its hosts file: JUnit's temporary directory is 0700
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        net = new DhcpNet(dir);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (DnsmasqProvisioner p : started) {
            p.stop();
        }
        if (external != null) {
            external.destroyForcibly().waitFor();
        }
        net.close();
    }

    private DhcpSettings settings(boolean supervised, Path pidFile) {
        return new DhcpSettings(supervised, "10.77.0.100", "10.77.0.149", "255.255.255.0",
                "1h", "vs", net.server, dir.resolve("state"), dir.resolve("state/dhcp-hosts"),
                pidFile != null ? pidFile : dir.resolve("state/dnsmasq.pid"), "dnsmasq");
    }

    private DnsmasqProvisioner supervised() throws IOException {
        DnsmasqProvisioner p = new DnsmasqProvisioner(settings(true, null));
        started.add(p);
        p.start();
        await().atMost(WAIT).until(() -> p.supervisedPid() > 0 && Files.exists(p.settings().pidFile()));
        return p;
    }

    private static Guest guest(String name, String mac, String address) {
        Map<String, String> labels = address == null ? Map.of() : Map.of(Provisioner.LABEL_ADDRESS, address);
        return new Guest("id-" + name, name, 1, 128, mac, "", labels, GuestState.STOPPED);
    }

    @Test
    void reservedAddressAndHostNameAreServed() throws Exception {
        DnsmasqProvisioner p = supervised();
        Map<String, String> facts = p.provisionWithFacts(guest("web1", "52:54:00:AA:00:01", "10.77.0.142"));
        assertThat(facts).containsEntry(Provisioner.LABEL_ADDRESS, "10.77.0.142");
        assertThat(Files.readString(p.hostsFile())).isEqualTo("52:54:00:aa:00:01,10.77.0.142,web1\n");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(net.lease("52:54:00:aa:00:01")).isEqualTo(new DhcpNet.Lease("10.77.0.142", "web1")));
    }

    @Test
    void firstFreePoolAddressWhenNoneAsked() throws Exception {
        DnsmasqProvisioner p = supervised();
        assertThat(p.provisionWithFacts(guest("a", "52:54:00:00:00:0a", null)))
                .containsEntry(Provisioner.LABEL_ADDRESS, "10.77.0.100");
        assertThat(p.provisionWithFacts(guest("b", "52:54:00:00:00:0b", "10.77.0.101")))
                .containsEntry(Provisioner.LABEL_ADDRESS, "10.77.0.101");
        assertThat(p.provisionWithFacts(guest("c", "52:54:00:00:00:0c", null)))
                .containsEntry(Provisioner.LABEL_ADDRESS, "10.77.0.102");
        // provisioning the same guest again is harmless and changes nothing
        byte[] before = Files.readAllBytes(p.hostsFile());
        assertThat(p.provisionWithFacts(guest("a", "52:54:00:00:00:0a", null)))
                .containsEntry(Provisioner.LABEL_ADDRESS, "10.77.0.100");
        assertThat(Files.readAllBytes(p.hostsFile())).isEqualTo(before);
    }

    @Test
    void changesApplyOnSighupWithoutRestartAndKeepOtherLeases() throws Exception {
        DnsmasqProvisioner p = supervised();
        long pid = p.supervisedPid();
        p.provision(guest("one", "52:54:00:00:01:01", "10.77.0.111"));
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(net.lease("52:54:00:00:01:01")).extracting(DhcpNet.Lease::address).isEqualTo("10.77.0.111"));
        p.provision(guest("two", "52:54:00:00:01:02", "10.77.0.112"));
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(net.lease("52:54:00:00:01:02")).extracting(DhcpNet.Lease::address).isEqualTo("10.77.0.112"));
        p.deprovision(guest("two", "52:54:00:00:01:02", null), false);
        assertThat(p.supervisedPid()).isEqualTo(pid);
        assertThat(p.supervisedStarts()).isEqualTo(1);
        // the first guest's lease survived both reloads
        assertThat(Files.readString(dir.resolve("state/dnsmasq.leases"))).contains("52:54:00:00:01:01 10.77.0.111 one");
        // a removed reservation is no longer honoured: that MAC now gets a dynamic address, not .112
        DhcpNet.Lease after = net.lease("52:54:00:00:01:02");
        assertThat(after).isNotNull();
        assertThat(after.hostname()).isNotEqualTo("two");
    }

    @Test
    void badInputIsRefusedAndTheFileIsUnchanged() throws Exception {
        DnsmasqProvisioner p = supervised();
        Files.writeString(p.hostsFile(), "# kept as is\nset:tagged,52:54:00:99:99:99,10.77.0.199\n");
        p.provision(guest("db1", "52:54:00:00:02:01", "10.77.0.120"));
        byte[] before = Files.readAllBytes(p.hostsFile());
        String longName = "x".repeat(64);
        assertRefused(p, guest("db2", "52:54:00:00:02:01", null), "MAC 52:54:00:00:02:01 is already reserved for db1");
        assertRefused(p, guest("db2", "52:54:00:00:02:02", "10.77.0.120"), "address 10.77.0.120 is already reserved");
        assertRefused(p, guest("db2", "52:54:00:00:02:02", "10.77.0.150"), "outside the DHCP pool 10.77.0.100 - 10.77.0.149");
        assertRefused(p, guest("db2", "52:54:00:00:02:02", "10.77.0.300"), "is not an IPv4 address");
        assertRefused(p, guest("db1", "52:54:00:00:02:02", null), "the name is already reserved");
        assertRefused(p, guest("a;reboot", "52:54:00:00:02:02", null), "not a valid DHCP host name");
        assertRefused(p, guest("$(reboot)", "52:54:00:00:02:02", null), "not a valid DHCP host name");
        assertRefused(p, guest("a b", "52:54:00:00:02:02", null), "not a valid DHCP host name");
        assertRefused(p, guest("../etc", "52:54:00:00:02:02", null), "not a valid DHCP host name");
        assertRefused(p, guest("a\nb", "52:54:00:00:02:02", null), "not a valid DHCP host name");
        assertRefused(p, guest(longName, "52:54:00:00:02:02", null), "not a valid DHCP host name");
        assertRefused(p, guest("db2", "52:54:00:00:02", null), "invalid MAC '52:54:00:00:02'");
        assertRefused(p, guest("db2", "52:54:00:00:02:0g", null), "invalid MAC");
        assertRefused(p, guest("db2", "", null), "invalid MAC ''");
        assertThat(Files.readAllBytes(p.hostsFile())).isEqualTo(before);
        // lines written by others are kept verbatim, and a removal touches only its own line
        p.deprovision(guest("db1", "52:54:00:00:02:01", null), false);
        assertThat(Files.readString(p.hostsFile()))
                .isEqualTo("# kept as is\nset:tagged,52:54:00:99:99:99,10.77.0.199\n");
        p.deprovision(guest("db1", "52:54:00:00:02:01", null), false);
    }

    private static void assertRefused(DnsmasqProvisioner p, Guest g, String message) {
        assertThatThrownBy(() -> p.provision(g)).isInstanceOf(ProvisioningException.class).hasMessageContaining(message);
    }

    @Test
    void killedDnsmasqIsRestartedAndServesTheReservations() throws Exception {
        DnsmasqProvisioner p = supervised();
        p.provision(guest("k1", "52:54:00:00:03:01", "10.77.0.130"));
        long pid = p.supervisedPid();
        HostCommands.run("kill", "-KILL", Long.toString(pid));
        await().atMost(WAIT).until(() -> p.supervisedPid() > 0 && p.supervisedPid() != pid);
        assertThat(p.supervisedStarts()).isEqualTo(2);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(net.lease("52:54:00:00:03:01")).isEqualTo(new DhcpNet.Lease("10.77.0.130", "k1")));
    }

    @Test
    void externalModeWritesTheFilesOfARunningDnsmasqAndSighupsIt() throws Exception {
        Path state = dir.resolve("ext");
        Files.createDirectories(state);
        Path hosts = state.resolve("hosts");
        Path pidFile = state.resolve("dnsmasq.pid");
        Files.writeString(hosts, "");
        external = new ProcessBuilder("ip", "netns", "exec", net.server, "dnsmasq", "--keep-in-foreground",
                "--conf-file=/dev/null", "--port=0", "--interface=vs", "--bind-interfaces",
                "--dhcp-range=10.77.0.100,10.77.0.149,255.255.255.0,1h", "--dhcp-hostsfile=" + hosts,
                "--dhcp-leasefile=" + state.resolve("leases"), "--pid-file=" + pidFile)
                .redirectErrorStream(true).redirectOutput(state.resolve("log").toFile()).start();
        await().atMost(WAIT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        DhcpSettings s = new DhcpSettings(false, "10.77.0.100", "10.77.0.149",
                "255.255.255.0", "1h", "", "", state, hosts, pidFile, "dnsmasq");
        DnsmasqProvisioner p = new DnsmasqProvisioner(s);
        p.start();
        assertThat(p.supervisedPid()).isEqualTo(-1);
        p.provision(guest("ext1", "52:54:00:00:04:01", "10.77.0.140"));
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(net.lease("52:54:00:00:04:01")).isEqualTo(new DhcpNet.Lease("10.77.0.140", "ext1")));
        assertThat(external.isAlive()).isTrue();
        assertThat(Long.parseLong(Files.readString(pidFile).trim())).isEqualTo(pid);
    }
}
