package org.attune.itests.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scenario's load generator against a real HTTP server on loopback (no lab needed). */
class ScenarioLoadTest {

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private volatile boolean fail;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            served.incrementAndGet();
            byte[] body = (fail ? "oops" : "worked n=1").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/app/cgi-bin/work?n=1");
    }

    @Test
    void sendsWhatTheRateAsksAndRecordsEveryOutcome() throws Exception {
        // 0 -> 100 req/s over 2 s, then 100 req/s for 1 s: 100 + 100 = 200 requests
        ScenarioLoad load = new ScenarioLoad(uri(), t -> t < 2 ? 50 * t : 100, Duration.ofSeconds(3), 10_000, 50,
                Duration.ofSeconds(10));
        load.run();
        List<ScenarioLoad.Outcome> outcomes = load.outcomes();
        assertThat(outcomes.size()).isBetween(190, 201);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.ok()).isTrue());
        assertThat(served.get()).isEqualTo(outcomes.size());
        assertThat(ScenarioLoad.count(outcomes, 0, 1000)).as("ramp: few in the first second").isLessThan(40);
        assertThat(ScenarioLoad.percentile(outcomes, 0, 3000, 95)).isPositive();
        load.close();
    }

    @Test
    void isBoundedByItsRequestBudgetAndCountsFailures() throws Exception {
        fail = true;
        ScenarioLoad load = new ScenarioLoad(uri(), t -> 500, Duration.ofSeconds(10), 25, 5, Duration.ofSeconds(5));
        load.run();
        assertThat(load.outcomes()).hasSize(25).allSatisfy(o -> {
            assertThat(o.ok()).isFalse();
            assertThat(o.problem()).isEqualTo("HTTP 503");
        });
        load.close();
    }

    @Test
    void onlyLabOrLoopbackAddresses() {
        assertThatThrownBy(() -> new ScenarioLoad(URI.create("http://192.0.2.1/"), t -> 1, Duration.ofSeconds(1), 1, 1,
                Duration.ofSeconds(1))).hasMessageContaining("only goes to the lab (10.99.0.0/24) or loopback");
        new ScenarioLoad(URI.create("http://10.99.0.2:8080/app/"), t -> 1, Duration.ofSeconds(1), 1, 1,
                Duration.ofSeconds(1)).close();
    }

    @Test
    void percentilesAreNearestRank() {
        List<ScenarioLoad.Outcome> o = new java.util.ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            o.add(new ScenarioLoad.Outcome(i * 10L, i * 1000L, true, null));
        }
        o.add(new ScenarioLoad.Outcome(5, 999_000_000L, false, "failed: not counted in latency"));
        assertThat(ScenarioLoad.percentile(o, 0, 2000, 95)).isEqualTo(95.0);
        assertThat(ScenarioLoad.percentile(o, 0, 2000, 50)).isEqualTo(50.0);
        assertThat(ScenarioLoad.percentile(o, 5000, 6000, 95)).isNaN();
        assertThat(ScenarioLoad.count(o, 0, 100)).isEqualTo(10);
    }
}
