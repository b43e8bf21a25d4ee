package org.attune.probe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import org.attune.api.Metrics;
import org.attune.api.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exported API alone, as code outside the bundle uses it (no {@code .internal} import): a probe started on a
 * status page (here a JDK server answering like mod_status, 50 requests between two readings) samples the tier's
 * rate from its own thread and stops reading when closed.
 */
class StandaloneHttpProbeTest {

    private HttpServer server;
    private final AtomicLong accesses = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void startStatusPage() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/server-status", exchange -> {
            reads.incrementAndGet();
            // Every reading sees 50 requests more (plus the probe's own, which the probe subtracts).
            byte[] body = ("Total Accesses: " + accesses.addAndGet(51) + "\nServerUptimeSeconds: 100\n")
                    .getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopStatusPage() {
        server.stop(0);
    }

    private URI statusUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/server-status");
    }

    @Test
    void samplesTheTierFromItsOwnThreadAndStopsWhenClosed() {
        StandaloneHttpProbe probe = StandaloneHttpProbe.start(new HttpProbeSettings("app", statusUrl(),
                Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ZERO));
        try {
            assertThat(probe.name()).isEqualTo("http:app");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(probe.sample(Instant.now()))
                    .singleElement().satisfies(s -> {
                        assertThat(s.subject()).isEqualTo(Subject.tier("app"));
                        assertThat(s.metric()).isEqualTo(Metrics.REQUEST_RATE);
                        assertThat(s.value()).isPositive();
                    }));
        } finally {
            probe.close();
        }
        assertThat(probe.sample(Instant.now())).isEmpty();
        int after = reads.get();
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(reads.get()).as("no reading after close").isLessThanOrEqualTo(after + 1));
        probe.close(); // idempotent
    }

    @Test
    void anUnreachableFrontEndIsLeftOutNotZero() {
        try (StandaloneHttpProbe probe = StandaloneHttpProbe.start(new HttpProbeSettings("app",
                URI.create("http://127.0.0.1:1/server-status"), Duration.ofMillis(100), Duration.ofMillis(200)))) {
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(probe.sample(Instant.now())).isEmpty());
        }
    }

    @Test
    void settingsAreValidatedWithEveryProblemNamed() {
        assertThatThrownBy(() -> new HttpProbeSettings("a b", URI.create("file:///x"), Duration.ofMillis(10),
                Duration.ofMillis(100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tier must be 1-63 characters").hasMessageContaining("statusUrl must be an http(s)")
                .hasMessageContaining("periodMillis must be at least 100, was 10");
        assertThat(new HttpProbeSettings("app", statusUrl(), Duration.ofSeconds(1), Duration.ofSeconds(2)).window())
                .isEqualTo(Duration.ofMillis(HttpProbeSettings.DEFAULT_WINDOW_MILLIS));
    }
}
