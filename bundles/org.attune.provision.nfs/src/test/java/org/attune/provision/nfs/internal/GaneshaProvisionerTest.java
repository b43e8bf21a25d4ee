package org.attune.provision.nfs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.attune.provision.nfs.NfsSettings;
import org.attune.testing.HostCommands;
import org.attune.testing.SystemTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real nfs-ganesha (supervised by the provisioner, in a network namespace the test creates, listening on
 * its loopback), checked from that namespace with libnfs' nfs-ls / nfs-cat / nfs-cp over NFSv4.
 */
@SystemTest
class GaneshaProvisionerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private String netns;
    private GaneshaProvisioner nfs;
    private Path base;
    private Path template;

    @BeforeAll
    static void packages() throws Exception {
        HostCommands.ensure("ganesha.nfsd", "nfs-ganesha", "nfs-ganesha-vfs");
        HostCommands.ensure("nfs-ls", "libnfs-utils");
        HostCommands.ensure("dbus-daemon", "dbus");
    }

    @BeforeEach
    void start() throws Exception {
        netns = "anfs-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        HostCommands.run("ip", "netns", "add", netns);
        HostCommands.run("ip", "-n", netns, "link", "set", "lo", "up");
        // ganesha resolves Bind_addr with AI_ADDRCONFIG: a namespace with only loopback has "no address"
        HostCommands.run("ip", "-n", netns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
        HostCommands.run("ip", "-n", netns, "addr", "add", "10.78.0.1/24", "dev", "v0");
        HostCommands.run("ip", "-n", netns, "link", "set", "v0", "up");
        HostCommands.run("ip", "-n", netns, "link", "set", "v1", "up");
        base = dir.resolve("guests");
        template = dir.resolve("template");
        Files.createDirectories(template.resolve("etc"));
        Files.writeString(template.resolve("hello.txt"), "from the template\n");
        Files.writeString(template.resolve("etc/motd"), "welcome\n");
        nfs = new GaneshaProvisioner(new NfsSettings(true, base, template, "/attune", "127.0.0.1", netns,
                dir.resolve("state"), "", 100, "ganesha.nfsd"));
        nfs.start();
        await().atMost(WAIT).until(nfs::ready);
    }

    @AfterEach
    void stop() throws Exception {
        nfs.stop();
        HostCommands.exec(20, "ip", "netns", "del", netns);
    }

    private static Guest guest(String name, String address) {
        Map<String, String> labels = address == null ? Map.of() : Map.of(Provisioner.LABEL_ADDRESS, address);
        return new Guest("id-" + name, name, 1, 128, "52:54:00:00:00:01", "", labels, GuestState.STOPPED);
    }

    private HostCommands.Result nfsTool(String tool, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[5 + args.length];
        cmd[0] = "ip";
        cmd[1] = "netns";
        cmd[2] = "exec";
        cmd[3] = netns;
        cmd[4] = tool;
        System.arraycopy(args, 0, cmd, 5, args.length);
        return HostCommands.exec(30, cmd);
    }

    private static String url(String path) {
        return "nfs://127.0.0.1" + path + "?version=4";
    }

    @Test
    void exportServesACopyOfTheTemplateReadWrite() throws Exception {
        Map<String, String> facts = nfs.provisionWithFacts(guest("g1", "127.0.0.1"));
        assertThat(facts).containsEntry(Provisioner.LABEL_NFS_SERVER, "127.0.0.1")
                .containsEntry(Provisioner.LABEL_NFS_PATH, "/attune/g1");
        assertThat(nfsTool("nfs-cat", url("/attune/g1/hello.txt")).output()).contains("from the template");
        assertThat(nfsTool("nfs-cat", url("/attune/g1/etc/motd")).output()).contains("welcome");
        Path local = dir.resolve("upload.txt");
        Files.writeString(local, "written over NFS\n");
        HostCommands.Result cp = nfsTool("nfs-cp", local.toString(), url("/attune/g1/upload.txt"));
        assertThat(cp.status()).as(cp.output()).isZero();
        assertThat(Files.readString(base.resolve("g1/upload.txt"))).isEqualTo("written over NFS\n");
        // a copy, not the template itself
        assertThat(template.resolve("upload.txt")).doesNotExist();
        assertThat(Files.readString(dir.resolve("state/ganesha.conf"))).contains("%include \"" + dir.resolve(
                "state/exports/g1.conf") + "\"");
    }

    @Test
    void anExportIsForItsGuestsAddressOnly() throws Exception {
        nfs.provision(guest("mine", "127.0.0.1"));
        nfs.provision(guest("other", "127.0.0.2"));
        assertThat(nfsTool("nfs-ls", url("/attune/mine")).status()).isZero();
        HostCommands.Result denied = nfsTool("nfs-ls", url("/attune/other"));
        assertThat(denied.status()).as(denied.output()).isNotZero();
    }

    @Test
    void exportsComeAndGoWhileGaneshaRunsWithoutDisturbingOthers() throws Exception {
        long pid = nfs.supervisedPid();
        nfs.provision(guest("a", "127.0.0.1"));
        nfs.provision(guest("b", "127.0.0.1"));
        assertThat(nfs.exports()).containsOnlyKeys("a", "b");
        assertThat(nfs.exportEntries().get("a").id()).isEqualTo(100);
        assertThat(nfs.exportEntries().get("b").id()).isEqualTo(101);
        nfs.deprovision(guest("a", null), false);
        assertThat(nfsTool("nfs-ls", url("/attune/a")).status()).isNotZero();
        assertThat(nfsTool("nfs-cat", url("/attune/b/hello.txt")).output()).contains("from the template");
        assertThat(nfs.supervisedPid()).isEqualTo(pid);
        assertThat(nfs.supervisedStarts()).isEqualTo(1);
        // data stays unless asked: the directory is still there, and a later create finds it again
        assertThat(base.resolve("a/hello.txt")).exists();
        Files.writeString(base.resolve("a/kept.txt"), "kept");
        nfs.provision(guest("a", "127.0.0.1"));
        assertThat(nfsTool("nfs-cat", url("/attune/a/kept.txt")).output()).contains("kept");
        nfs.deprovision(guest("a", null), true);
        assertThat(base.resolve("a")).doesNotExist();
        nfs.deprovision(guest("a", null), true); // twice is harmless
        assertThat(nfsTool("nfs-cat", url("/attune/b/hello.txt")).output()).contains("from the template");
    }

    @Test
    void rollbackRemovesTheDirectoryOnlyWhenThisProvisioningMadeIt() throws Exception {
        nfs.provision(guest("fresh", "127.0.0.1"));
        nfs.rollback(guest("fresh", null));
        assertThat(base.resolve("fresh")).doesNotExist();
        Files.createDirectories(base.resolve("old"));
        Files.writeString(base.resolve("old/data.txt"), "older data");
        nfs.provision(guest("old", "127.0.0.1"));
        nfs.rollback(guest("old", null));
        assertThat(base.resolve("old/data.txt")).hasContent("older data");
        assertThat(nfs.exports()).isEmpty();
    }

    @Test
    void deletingDataNeverLeavesTheGuestsDirectory() throws Exception {
        Path outside = dir.resolve("precious");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("keep.txt"), "do not delete");
        nfs.provision(guest("victim", "127.0.0.1"));
        Files.createSymbolicLink(base.resolve("victim/link"), outside);
        Files.createSymbolicLink(base.resolve("victim/file-link"), outside.resolve("keep.txt"));
        nfs.deprovision(guest("victim", null), true);
        assertThat(base.resolve("victim")).doesNotExist();
        assertThat(outside.resolve("keep.txt")).hasContent("do not delete");
        assertThat(template.resolve("hello.txt")).exists();
    }

    @Test
    void badInputIsRefusedAndNothingChanges() throws Exception {
        nfs.provision(guest("ok", "127.0.0.1"));
        Map<String, byte[]> before = snapshot();
        String[] names = {"../etc", "..", "a/b", "/etc", "a;reboot", "$(reboot)", "`id`", "a b", "a\nb", ".hidden",
                "x".repeat(64), ""};
        for (String n : names) {
            assertThatThrownBy(() -> nfs.provision(guest(n, "127.0.0.1"))).isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("not a valid export name");
            assertThatThrownBy(() -> nfs.deprovision(guest(n, null), true)).isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("not a valid export name");
        }
        assertThatThrownBy(() -> nfs.provision(guest("noaddr", null)))
                .hasMessageContaining("guest noaddr: no address to export to");
        assertThatThrownBy(() -> nfs.provision(guest("badaddr", "127.0.0.1; rm -rf /")))
                .hasMessageContaining("is not an IPv4 address");
        assertThatThrownBy(() -> nfs.provision(guest("ok", "127.0.0.2")))
                .hasMessageContaining("guest ok: already exported to 127.0.0.1, not to 127.0.0.2");
        Map<String, byte[]> after = snapshot();
        assertThat(after).containsOnlyKeys(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
        assertThat(dir.resolve("etc")).doesNotExist();
    }

    /** Every file under the state and base directories, with its bytes. */
    private Map<String, byte[]> snapshot() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        for (Path root : new Path[] {dir.resolve("state/exports"), dir.resolve("state/ganesha.conf"), base}) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    out.put(p.toString(), Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
                }
            }
        }
        return out;
    }

    @Test
    void killedGaneshaIsRestartedWithItsExports() throws Exception {
        nfs.provision(guest("survivor", "127.0.0.1"));
        long pid = nfs.supervisedPid();
        HostCommands.run("kill", "-KILL", Long.toString(pid));
        await().atMost(WAIT).until(() -> nfs.supervisedPid() > 0 && nfs.supervisedPid() != pid);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(nfsTool("nfs-cat", url("/attune/survivor/hello.txt")).output()).contains("from the template"));
        assertThat(nfs.supervisedStarts()).isEqualTo(2);
        // and exports still come and go over D-Bus afterwards
        nfs.provision(guest("later", "127.0.0.1"));
        assertThat(nfsTool("nfs-cat", url("/attune/later/hello.txt")).output()).contains("from the template");
    }
}
