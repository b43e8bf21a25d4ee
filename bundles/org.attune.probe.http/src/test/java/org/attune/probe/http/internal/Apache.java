package org.attune.probe.http.internal;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.attune.testing.HostCommands;

import com.sun.net.httpserver.HttpServer;

/**
 * A real Debian apache2 for tests, on loopback only, with a private configuration (own ServerRoot, PidFile,
 * runtime dir and port; never the system service): mod_status with ExtendedStatus and ProxyStatus On in front of
 * a mod_proxy_balancer over two small JDK HTTP servers. Installs apache2 when it is missing.
 */
final class Apache implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/apache2");
    private static final Path MODULES = Path.of("/usr/lib/apache2/modules");

    final Path root;
    final int port;
    private final List<HttpServer> backends = new ArrayList<>();
    private final Path conf;

    Apache(Path root) throws IOException, InterruptedException {
        HostCommands.ensure(BINARY.toString(), "apache2");
        this.root = root;
        this.port = freePort();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            String who = "backend" + i;
            backend.createContext("/", exchange -> {
                byte[] body = who.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            backend.start();
            backends.add(backend);
            members.add("http://127.0.0.1:" + backend.getAddress().getPort());
        }
        conf = root.resolve("httpd.conf");
        Files.writeString(conf, config(members));
        start();
    }

    String statusUrl() {
        return "http://127.0.0.1:" + port + "/server-status";
    }

    String appUrl() {
        return "http://127.0.0.1:" + port + "/app/";
    }

    List<String> memberUrls() {
        return backends.stream().map(b -> "http://127.0.0.1:" + b.getAddress().getPort()).toList();
    }

    private String config(List<String> members) {
        StringBuilder c = new StringBuilder();
        c.append("ServerRoot ").append(root).append('\n')
                .append("ServerName 127.0.0.1\n")
                .append("PidFile ").append(root.resolve("httpd.pid")).append('\n')
                .append("DefaultRuntimeDir ").append(root).append('\n')
                .append("Mutex file:").append(root).append(" default\n")
                .append("ErrorLog ").append(root.resolve("error.log")).append('\n')
                .append("LogLevel warn\n");
        if (isRoot()) {
            c.append("User www-data\nGroup www-data\n");
        }
        for (String m : List.of("mpm_event", "authz_core", "authz_host", "status", "proxy", "proxy_http",
                "proxy_balancer", "slotmem_shm", "lbmethod_byrequests")) {
            c.append("LoadModule ").append(m).append("_module ").append(MODULES.resolve("mod_" + m + ".so")).append('\n');
        }
        c.append("Listen 127.0.0.1:").append(port).append('\n')
                .append("ExtendedStatus On\nProxyStatus On\n")
                .append("<Proxy balancer://app>\n");
        for (String m : members) {
            c.append("  BalancerMember ").append(m).append('\n');
        }
        c.append("</Proxy>\n")
                .append("<Location /server-status>\n  SetHandler server-status\n  Require ip 127.0.0.1\n</Location>\n")
                .append("ProxyPass /server-status !\n")
                .append("ProxyPass /app/ balancer://app/\n");
        return c.toString();
    }

    void start() throws IOException, InterruptedException {
        run("start");
        await("apache2 answers on port " + port).atMost(Duration.ofSeconds(20)).until(this::listening);
    }

    void stop() throws IOException, InterruptedException {
        run("stop");
        await("apache2 gone").atMost(Duration.ofSeconds(20))
                .until(() -> !Files.exists(root.resolve("httpd.pid")) && !listening());
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void run(String action) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(BINARY.toString(), "-f", conf.toString(), "-k", action)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("apache2 -k " + action + " failed: " + out + readLog());
        }
    }

    private String readLog() {
        try {
            return Files.readString(root.resolve("error.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(root.resolve("httpd.pid"))) {
                stop();
            }
        } finally {
            backends.forEach(b -> b.stop(0));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
