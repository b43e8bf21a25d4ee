package org.attune.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distribution as a user runs it: unpacked, started with bin/start, logged into with bin/client and the
 * password bin/setenv generated at first start. Ports are moved to free ones so a running demo is not
 * disturbed. Prints the time from start to the first working command.
 */
class DistributionLoginIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);

    private static Path home;
    private static String sshPort;
    private static String password;
    private static Duration bootTime;

    @BeforeAll
    static void startDistribution() throws Exception {
        Path tarGz = Path.of(System.getProperty("attune.distribution"));
        Path work = Files.createDirectories(Path.of("target", "login-it"));
        deleteRecursively(work);
        Files.createDirectories(work);
        // tar keeps the scripts' modes.
        run(work, null, List.of("tar", "xzf", tarGz.toAbsolutePath().toString()));
        home = work.resolve("attune-" + System.getProperty("attune.version")).toAbsolutePath();
        sshPort = freePort();
        setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", sshPort);
        setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort());
        setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort());

        long started = System.nanoTime();
        Result start = run(home, null, List.of("bin/start"));
        assertThat(start.exit).as("bin/start: " + start.output).isZero();
        assertThat(start.output).contains("created the admin user 'attune'", "etc/attune.password");
        password = Files.readString(home.resolve("etc/attune.password")).trim();

        AtomicReference<Result> last = new AtomicReference<>();
        await("Attune answering on SSH").atMost(BOOT_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    last.set(client("attune", password, "attune:mode"));
                    assertThat(last.get().exit).as(last.get().output).isZero();
                });
        bootTime = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("Attune distribution: start to first working command %.1f s%n", bootTime.toMillis() / 1000.0);
        assertThat(last.get().output.trim()).isEqualTo("automatic");
    }

    @AfterAll
    static void stopDistribution() throws Exception {
        if (home == null) {
            return;
        }
        String marker = home.toString();
        // bin/stop only asks; whatever happens, the JVM this test started is gone before the next test class.
        try {
            run(home, null, List.of("bin/stop"));
            await("Karaf stopped").atMost(Duration.ofSeconds(60)).until(() -> karafProcesses(marker).isEmpty());
        } finally {
            karafProcesses(marker).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theGeneratedPasswordIsPrivateAndStoredAsADigest() throws IOException {
        assertThat(password).matches("[0-9a-f]{24}");
        assertThat(Files.getPosixFilePermissions(home.resolve("etc/attune.password")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        // After the first login Karaf replaces the plain password by its digest (encryption.enabled = true).
        String users = Files.readString(home.resolve("etc/users.properties"));
        assertThat(users).contains("attune = {CRYPT}").doesNotContain(password);
    }

    @Test
    void theAttuneCommandsWorkThroughTheClient() throws Exception {
        Result guests = client("attune", password, "attune:guest-list --no-format");

        assertThat(guests.exit).as(guests.output).isZero();
        assertThat(guests.output).contains("front", "app1", "app2", "host1");
    }

    @Test
    void aWrongPasswordOrTheOldDefaultUserIsRefused() throws Exception {
        assertThat(client("attune", "not-" + password, "attune:mode").exit).isNotZero();
        assertThat(client("karaf", "karaf", "attune:mode").exit).isNotZero();
    }

    @Test
    void setenvDoesNotAddASecondUser() throws Exception {
        Result status = run(home, null, List.of("bin/status"));

        assertThat(status.output).doesNotContain("created the admin user");
        assertThat(Files.readAllLines(home.resolve("etc/users.properties")))
                .filteredOn(l -> l.startsWith("attune =")).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------------

    private record Result(int exit, String output) {
    }

    /** bin/client in batch mode, the command on its standard input (KARAF-NOTES trap 2). */
    private static Result client(String user, String pass, String command) throws Exception {
        return run(home, command + "\n", List.of("bin/client", "-h", "127.0.0.1", "-a", sshPort, "-u", user,
                "-p", pass, "-b"));
    }

    private static Result run(Path dir, String input, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        // Karaf 4.4 needs Java 17; the tests run on it.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end within 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static List<ProcessHandle> karafProcesses(String marker) {
        return ProcessHandle.allProcesses()
                .filter(ph -> ph.info().commandLine().map(c -> c.contains(marker) && c.contains("org.apache.karaf.main.Main"))
                        .orElse(false))
                .toList();
    }

    private static void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = Files.readAllLines(path).stream()
                .map(l -> l.matches("\\s*" + key + "\\s*=.*") ? key + " = " + value : l).toList();
        Files.write(path, lines);
    }

    private static String freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
