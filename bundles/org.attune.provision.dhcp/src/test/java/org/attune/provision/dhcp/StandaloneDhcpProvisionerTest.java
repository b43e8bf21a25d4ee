package org.attune.provision.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.attune.testing.HostCommands;
import org.attune.testing.SystemTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported API alone, as code outside the bundle uses it (no {@code .internal} import): a supervised dnsmasq in
 * a network namespace of the test's own (one veth pair), a reservation, and {@code close()} ending dnsmasq.
 */
@SystemTest
class StandaloneDhcpProvisionerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private String netns;

    @BeforeEach
    void namespace() throws Exception {
        HostCommands.ensure("dnsmasq", "dnsmasq-base");
        // dnsmasq drops root privileges and then rereads its hosts file: JUnit's temporary directory is 0700
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        netns = "adhp-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        HostCommands.run("ip", "netns", "add", netns);
        // a veth pair inside the namespace: the dummy link type is not in every kernel
        HostCommands.run("ip", "-n", netns, "link", "add", "d0", "type", "veth", "peer", "name", "d1");
        HostCommands.run("ip", "-n", netns, "addr", "add", "10.78.0.1/24", "dev", "d0");
        HostCommands.run("ip", "-n", netns, "link", "set", "d1", "up");
        HostCommands.run("ip", "-n", netns, "link", "set", "d0", "up");
    }

    @AfterEach
    void removeNamespace() throws Exception {
        HostCommands.exec(20, "ip", "netns", "del", netns);
    }

    private static Guest guest(String name, String mac, Map<String, String> labels) {
        return new Guest("id-" + name, name, 1, 128, mac, "", labels, GuestState.STOPPED);
    }

    @Test
    void runsDnsmasqReservesAddressesOfThePoolAndStopsDnsmasqOnClose() throws Exception {
        DhcpSettings settings = DhcpSettings.supervised("10.78.0.100", "10.78.0.109", "d0", netns, dir.resolve("dhcp"));
        StandaloneDhcpProvisioner dhcp = StandaloneDhcpProvisioner.start(settings);
        long pid;
        try {
            assertThat(dhcp.name()).isEqualTo("dhcp");
            assertThat(dhcp.settings()).isEqualTo(settings);
            await().atMost(WAIT).until(() -> dhcp.supervisedPid() > 0 && Files.exists(settings.pidFile()));
            pid = dhcp.supervisedPid();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

            assertThat(dhcp.provisionWithFacts(guest("web1", "52:54:00:78:00:01", Map.of())))
                    .isEqualTo(Map.of(Provisioner.LABEL_ADDRESS, "10.78.0.100"));
            assertThat(Files.readString(settings.hostsFile())).isEqualTo("52:54:00:78:00:01,10.78.0.100,web1\n");
            assertThatThrownBy(() -> dhcp.provisionWithFacts(guest("web2", "52:54:00:78:00:02",
                    Map.of(Provisioner.LABEL_ADDRESS, "10.78.0.110")))).isInstanceOf(ProvisioningException.class)
                    .hasMessage("guest web2: address 10.78.0.110 is outside the DHCP pool 10.78.0.100 - 10.78.0.109");
            assertThat(dhcp.supervisedPid()).as("a reservation reloads dnsmasq, it does not restart it").isEqualTo(pid);
        } finally {
            dhcp.close();
        }
        assertThat(dhcp.supervisedPid()).isEqualTo(-1);
        await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        assertThat(Files.readString(settings.hostsFile())).as("reservations outlive dnsmasq").contains("web1");
        dhcp.close(); // idempotent
    }
}
