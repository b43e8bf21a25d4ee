package org.attune.provision.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * The exported API alone, as code outside the bundle uses it (no {@code .internal} import): a supervised ganesha in
 * a network namespace of the test's own, one guest's export, and {@code close()} ending the daemons.
 */
@SystemTest
class StandaloneNfsProvisionerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private String netns;

    @BeforeEach
    void namespace() throws Exception {
        HostCommands.ensure("ganesha.nfsd", "nfs-ganesha", "nfs-ganesha-vfs");
        HostCommands.ensure("dbus-daemon", "dbus");
        netns = "anfp-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        HostCommands.run("ip", "netns", "add", netns);
        HostCommands.run("ip", "-n", netns, "link", "set", "lo", "up");
        // ganesha resolves Bind_addr with AI_ADDRCONFIG: a namespace with only loopback has "no address"
        HostCommands.run("ip", "-n", netns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
        HostCommands.run("ip", "-n", netns, "addr", "add", "10.79.0.1/24", "dev", "v0");
        HostCommands.run("ip", "-n", netns, "link", "set", "v0", "up");
        HostCommands.run("ip", "-n", netns, "link", "set", "v1", "up");
    }

    @AfterEach
    void removeNamespace() throws Exception {
        HostCommands.exec(20, "ip", "netns", "del", netns);
    }

    @Test
    void exportsAGuestsDirectoryToItsAddressAndStopsTheDaemonsOnClose() throws Exception {
        Files.createDirectories(dir.resolve("template"));
        Files.writeString(dir.resolve("template/README"), "template\n");
        NfsSettings settings = NfsSettings.supervised(dir.resolve("guests"), dir.resolve("template"), "127.0.0.1",
                netns, dir.resolve("state"));
        StandaloneNfsProvisioner nfs = StandaloneNfsProvisioner.start(settings);
        long pid;
        try {
            assertThat(nfs.name()).isEqualTo("nfs");
            assertThat(nfs.settings()).isEqualTo(settings);
            await().atMost(WAIT).until(nfs::ready);
            pid = nfs.supervisedPid();
            assertThat(pid).isPositive();

            Guest web1 = new Guest("id-web1", "web1", 1, 128, "52:54:00:79:00:01", "",
                    Map.of(Provisioner.LABEL_ADDRESS, "10.79.0.100"), GuestState.STOPPED);
            assertThat(nfs.provisionWithFacts(web1)).isEqualTo(Map.of(Provisioner.LABEL_NFS_SERVER, "127.0.0.1",
                    Provisioner.LABEL_NFS_PATH, "/attune/web1"));
            assertThat(nfs.exports()).isEqualTo(Map.of("web1", "10.79.0.100"));
            assertThat(dir.resolve("guests/web1/README")).hasContent("template");
            assertThatThrownBy(() -> nfs.provision(new Guest("id-x", "../etc", 1, 128, "52:54:00:79:00:02", "",
                    Map.of(Provisioner.LABEL_ADDRESS, "10.79.0.101"), GuestState.STOPPED)))
                    .isInstanceOf(ProvisioningException.class).hasMessageContaining("not a valid export name");
        } finally {
            nfs.close();
        }
        assertThat(nfs.supervisedPid()).isEqualTo(-1);
        await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        assertThat(nfs.ready()).isFalse();
        assertThat(nfs.exports()).as("export files outlive ganesha").containsOnlyKeys("web1");
        nfs.close(); // idempotent
    }

    @Test
    void settingsRefuseEveryBadValueAtOnce() {
        assertThatThrownBy(() -> new NfsSettings(true, Path.of("/srv/guests"), Path.of("/srv/guests/template"),
                "attune", "nfs.example", "bad ns", Path.of("state"), "tcp:host=x", 0, "ganesha.nfsd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("templateDir /srv/guests/template and basePath /srv/guests must not nest")
                .hasMessageContaining("pseudoRoot 'attune' must be an absolute path")
                .hasMessageContaining("serverAddress 'nfs.example' is not an IPv4 address")
                .hasMessageContaining("netns 'bad ns' is not a network namespace name")
                .hasMessageContaining("stateDir 'state' must be an absolute, normalised path (not /)")
                .hasMessageContaining("dbusAddress 'tcp:host=x' must be unix:path=/...")
                .hasMessageContaining("exportIdBase must be 1-60000, was 0");
        assertThatThrownBy(() -> NfsSettings.supervised(Path.of("/"), null, "10.0.0.1", "", Path.of("/var/lib/x")))
                .hasMessage("basePath '/' must be an absolute, normalised path (not /)");
        assertThat(NfsSettings.supervised(Path.of("/srv/guests"), null, "10.0.0.1", "", Path.of("/var/lib/x")))
                .isEqualTo(new NfsSettings(true, Path.of("/srv/guests"), null, "/attune", "10.0.0.1", "",
                        Path.of("/var/lib/x"), "", 100, "ganesha.nfsd"));
    }
}
