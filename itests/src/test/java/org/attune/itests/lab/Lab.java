package org.attune.itests.lab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.attune.driver.libvirt.HostSettings;

/**
 * The real libvirt lab of {@code itests/lab/lab.sh}, driven from a test: installs what is missing, builds the
 * guest image, starts the three hosts, boots guests, and tears everything down (also after a failure).
 */
final class Lab implements AutoCloseable {

    static final List<String> HOSTS = List.of("hostA", "hostB", "hostC");

    private final Path script;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();

    Lab(Path script, Path log) {
        this.script = script.toAbsolutePath();
        this.log = log.toAbsolutePath();
    }

    /** Sets an environment variable for every lab.sh call, e.g. {@code ATTUNE_LAB_DHCP=off}. */
    Lab environment(String key, String value) {
        environment.put(key, value);
        return this;
    }

    /** install + image + a fresh up (a lab left over by a killed run is taken down first). */
    Lab up() throws IOException, InterruptedException {
        run(Duration.ofMinutes(10), "install");
        run(Duration.ofMinutes(5), "image");
        run(Duration.ofMinutes(2), "down");
        run(Duration.ofMinutes(3), "up");
        return this;
    }

    static String uri(String host) {
        return "qemu+unix:///system?socket=/run/attune-lab/" + host + "/libvirt-sock";
    }

    /** The address QEMU listens on for incoming migrations on that host. */
    static String migrationUri(String host) {
        return "tcp://10.99.0." + (HOSTS.indexOf(host) + 2);
    }

    /** Every lab host for the libvirt driver: 1000 MIPS a core, 1 s polling, quick reconnects (tests kill daemons). */
    static List<HostSettings> hosts() {
        return HOSTS.stream().map(host -> HostSettings.of(host, uri(host))
                .withMigrationUri(migrationUri(host)).withCpuMipsPerCore(1000)
                .withPollInterval(Duration.ofSeconds(1))
                .withReconnect(Duration.ofMillis(500), Duration.ofSeconds(2))).toList();
    }

    /** Defines and starts a guest with a static address and waits for its READY line. */
    void guest(String name, String host, String ip) throws IOException, InterruptedException {
        run(Duration.ofMinutes(3), "guest", name, host, ip);
    }

    void stopDaemon(String host) throws IOException, InterruptedException {
        run(Duration.ofSeconds(30), "daemon-stop", host);
    }

    void startDaemon(String host) throws IOException, InterruptedException {
        run(Duration.ofMinutes(1), "daemon-start", host);
    }

    /** GET http://ip/path with a 3 s timeout; the body, or an exception. */
    String get(String ip, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + ip + path);
        }
        return response.body();
    }

    /** The guest's uptime in seconds, from its /proc/uptime. */
    double uptime(String ip) throws IOException, InterruptedException {
        return Double.parseDouble(get(ip, "/cgi-bin/uptime").trim().split("\\s+")[0]);
    }

    /** Runs any command (not lab.sh) with a timeout; fails with its output. */
    static void exec(Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end within " + timeout);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit " + p.exitValue() + ": "
                    + new String(p.getInputStream().readAllBytes()).trim());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(Duration.ofMinutes(2), "down");
    }

    private void run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(environment);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("lab.sh " + String.join(" ", args) + " did not end within " + timeout + "; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IOException("lab.sh " + String.join(" ", args) + " failed with exit " + p.exitValue()
                    + "; see " + log);
        }
    }
}
