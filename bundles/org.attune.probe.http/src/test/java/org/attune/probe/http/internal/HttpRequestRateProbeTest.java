package org.attune.probe.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.probe.http.HttpProbeSettings;
import org.attune.testing.SystemTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The probe against a real apache2 on loopback (private configuration), balancing over two real HTTP servers. */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRequestRateProbeTest {

    @TempDir
    static Path dir;

    private Apache apache;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void startApache() throws Exception {
        apache = new Apache(dir);
    }

    @AfterAll
    void stopApache() throws Exception {
        apache.close();
    }

    private HttpRequestRateProbe probe() {
        return new HttpRequestRateProbe(new HttpProbeSettings("app", URI.create(apache.statusUrl()),
                Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    private void requests(int n) throws IOException, InterruptedException {
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(apache.appUrl())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    private static double tierRate(List<Sample> samples) {
        return samples.stream().filter(s -> s.metric().equals(Metrics.REQUEST_RATE)).findFirst().orElseThrow().value();
    }

    @Test
    void rateIsTheRequestsBetweenTwoReadingsOverTheirInterval() throws Exception {
        HttpRequestRateProbe probe = probe();
        long t0 = System.nanoTime();
        probe.poll();
        long t1 = System.nanoTime();
        assertThat(probe.sample(Instant.now())).as("a first reading is only a baseline").isEmpty();
        requests(60);
        long t2 = System.nanoTime();
        probe.poll();
        long t3 = System.nanoTime();
        List<Sample> samples = probe.sample(Instant.now());
        assertThat(probe.problem()).isEmpty();
        assertThat(samples.get(0).subject()).isEqualTo(Subject.tier("app"));
        // The interval between the two readings lies between t2-t1 and t3-t0.
        double rate = tierRate(samples);
        assertThat(rate).isBetween(60 / ((t3 - t0) / 1e9), 60 / ((t2 - t1) / 1e9));
        // Per balancer member: byrequests spreads them, and together they are the tier's requests.
        Map<String, Double> members = samples.stream()
                .filter(s -> s.metric().equals(HttpRequestRateProbe.MEMBER_REQUEST_RATE))
                .collect(Collectors.toMap(s -> s.subject().id(), Sample::value));
        assertThat(members.keySet()).containsExactlyInAnyOrderElementsOf(
                apache.memberUrls().stream().map(u -> "app/" + u).toList());
        assertThat(members.values()).allSatisfy(v -> assertThat(v).isGreaterThan(0));
        assertThat(members.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(rate,
                org.assertj.core.data.Offset.offset(rate * 0.001));
    }

    @Test
    void theProbesOwnStatusRequestsAreNotCounted() {
        HttpRequestRateProbe probe = probe();
        for (int i = 0; i < 4; i++) {
            probe.poll();
        }
        assertThat(tierRate(probe.sample(Instant.now()))).isZero();
    }

    @Test
    void aRestartedFrontEndIsAResetNotANegativeRate() throws Exception {
        HttpRequestRateProbe probe = probe();
        probe.poll();
        requests(30);
        probe.poll();
        assertThat(tierRate(probe.sample(Instant.now()))).isPositive();
        apache.stop();
        apache.start();
        requests(5);
        probe.poll();
        assertThat(probe.sample(Instant.now())).as("no rate across a restart").isEmpty();
        requests(10);
        probe.poll();
        assertThat(tierRate(probe.sample(Instant.now()))).isPositive();
    }

    @Test
    void theProbesThreadKeepsTheRateCurrent() throws Exception {
        try (HttpRequestRateProbe probe = new HttpRequestRateProbe(new HttpProbeSettings("app",
                URI.create(apache.statusUrl()), Duration.ofMillis(200), Duration.ofSeconds(2))).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !probe.sample(Instant.now()).isEmpty());
            requests(40);
            await().atMost(Duration.ofSeconds(10)).until(() -> tierRate(probe.sample(Instant.now())) > 0);
            await("back to zero without traffic").atMost(Duration.ofSeconds(10))
                    .until(() -> tierRate(probe.sample(Instant.now())) == 0);
        }
    }

    @Test
    void anUnreachableOrWrongPageGivesNoSampleAndSaysWhy() {
        HttpRequestRateProbe down = new HttpRequestRateProbe(new HttpProbeSettings("app",
                URI.create("http://127.0.0.1:1/server-status"), Duration.ofSeconds(1), Duration.ofMillis(500)));
        down.poll();
        down.poll();
        assertThat(down.sample(Instant.now())).isEmpty();
        assertThat(down.problem()).contains("http://127.0.0.1:1/server-status?auto");

        HttpRequestRateProbe wrong = new HttpRequestRateProbe(new HttpProbeSettings("app",
                URI.create(apache.appUrl() + "?auto"), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        wrong.poll();
        wrong.poll();
        assertThat(wrong.sample(Instant.now())).isEmpty();
        assertThat(wrong.problem()).contains("no 'Total Accesses' line");
    }

    @Test
    void badSettingsNameEveryProblem() {
        assertThatThrownBy(() -> new HttpProbeSettings("bad tier!", URI.create("ftp://x/"), Duration.ofMillis(10),
                Duration.ofMillis(10)))
                .hasMessageContaining("tier must be").hasMessageContaining("statusUrl must be an http(s) URL")
                .hasMessageContaining("periodMillis must be at least 100")
                .hasMessageContaining("timeoutMillis must be at least 100");
    }

    @Test
    void counterRateSkipsResetsAndSubtractsOwnRequests() {
        CounterRate r = new CounterRate();
        assertThat(r.update(100, 10, 1_000_000_000L, 0)).isEmpty();
        assertThat(r.update(111, 11, 2_000_000_000L, 1).getAsDouble()).isEqualTo(10.0);
        assertThat(r.update(5, 1, 3_000_000_000L, 1)).as("counter went down").isEmpty();
        assertThat(r.update(500, 0, 4_000_000_000L, 1)).as("uptime went down").isEmpty();
        assertThat(r.update(520, 2, 6_000_000_000L, 0).getAsDouble()).isEqualTo(10.0);
    }

    @Test
    void aWindowAveragesABurstyCounter_andARestartStartsTheWindowAgain() {
        CounterRate r = new CounterRate(Duration.ofSeconds(3));
        long second = 1_000_000_000L;
        assertThat(r.update(0, 1, second, 0)).isEmpty();
        // Completions come in bursts (10, 50, 10, 50, ...: 30/s on average); the probe's own request each time.
        assertThat(r.update(11, 2, 2 * second, 1).getAsDouble()).as("window not full yet: since the baseline")
                .isEqualTo(10.0);
        assertThat(r.update(62, 3, 3 * second, 1).getAsDouble()).isEqualTo(30.0);
        assertThat(r.update(73, 4, 4 * second, 1).getAsDouble()).isCloseTo(70.0 / 3, within(1e-9));
        assertThat(r.update(124, 5, 5 * second, 1).getAsDouble()).isCloseTo(110.0 / 3, within(1e-9));
        assertThat(r.update(135, 6, 6 * second, 1).getAsDouble()).isCloseTo(70.0 / 3, within(1e-9));
        // Restarted: a baseline again, then only readings after the restart count.
        assertThat(r.update(3, 0, 7 * second, 1)).isEmpty();
        assertThat(r.update(24, 1, 8 * second, 1).getAsDouble()).isEqualTo(20.0);
        assertThat(r.update(35, 2, 9 * second, 1).getAsDouble()).isEqualTo(15.0);
    }

    @Test
    void aWindowNoLongerThanThePeriodIsTheRateBetweenTwoReadings() {
        CounterRate r = new CounterRate(Duration.ofMillis(500));
        long second = 1_000_000_000L;
        r.update(0, 1, second, 0);
        assertThat(r.update(11, 2, 2 * second, 1).getAsDouble()).isEqualTo(10.0);
        assertThat(r.update(62, 3, 3 * second, 1).getAsDouble()).isEqualTo(50.0);
        assertThat(r.update(73, 4, 4 * second, 1).getAsDouble()).isEqualTo(10.0);
    }

    @Test
    void aNegativeWindowIsRefusedByName() {
        assertThatThrownBy(() -> new HttpProbeSettings("app", URI.create("http://127.0.0.1/server-status"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(-1)))
                .hasMessageContaining("windowMillis must be between 0 and 3600000, was -1");
    }
}
