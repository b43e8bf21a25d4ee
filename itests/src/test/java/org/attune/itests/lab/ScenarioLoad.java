package org.attune.itests.lab;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import java.util.concurrent.locks.LockSupport;

/**
 * The scenario's load generator: open loop, requests sent at the times a target rate (requests/s as a function of
 * seconds since the start) asks for, each one's outcome and latency recorded. Bounded three ways: a total number of
 * requests, a duration, and the requests in flight at once (the sender waits when that many are unanswered, so a
 * slow tier is never flooded). Only lab (10.99.0.0/24) or loopback addresses are accepted.
 */
final class ScenarioLoad {

    /** One request: when it was sent (ms since the start), how long it took, and whether it succeeded. */
    record Outcome(long sentMillis, long latencyMicros, boolean ok, String problem) {
    }

    private final URI uri;
    private final DoubleUnaryOperator rate;
    private final Duration duration;
    private final int maxRequests;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final Duration timeout;
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "scenario-load-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile long startNanos;

    ScenarioLoad(URI uri, DoubleUnaryOperator rate, Duration duration, int maxRequests, int maxInFlight,
                 Duration timeout) {
        this.uri = labOnly(uri);
        this.rate = rate;
        this.duration = duration;
        this.maxRequests = maxRequests;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static URI labOnly(URI uri) {
        try {
            byte[] a = InetAddress.getByName(uri.getHost()).getAddress();
            boolean lab = a.length == 4 && (a[0] & 0xff) == 10 && (a[1] & 0xff) == 99 && (a[2] & 0xff) == 0;
            if (!lab && !InetAddress.getByAddress(a).isLoopbackAddress()) {
                throw new IllegalArgumentException("load only goes to the lab (10.99.0.0/24) or loopback, not " + uri);
            }
            return uri;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + uri.getHost(), e);
        }
    }

    /** Seconds since the start of {@link #run}, for timelines. */
    double elapsedSeconds() {
        return startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
    }

    /** Ends the run early (before its duration); requests in flight still complete. */
    void stop() {
        stop.set(true);
    }

    /** Sends until the duration or the request budget is used up or {@link #stop} is called; then waits for answers. */
    void run() throws InterruptedException {
        startNanos = System.nanoTime();
        long end = startNanos + duration.toNanos();
        double due = 0; // requests owed so far by the integral of the rate
        long last = startNanos;
        while (!stop.get() && sent.get() < maxRequests) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            due += rate.applyAsDouble((now - startNanos) / 1e9) * (now - last) / 1e9;
            last = now;
            while (due >= 1 && sent.get() < maxRequests) {
                due -= 1;
                send();
            }
            LockSupport.parkNanos(2_000_000);
        }
        // every request gets its answer (or its timeout) before the run ends
        if (!inFlight.tryAcquire(maxInFlight, timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("requests still unanswered after their timeout");
        }
        inFlight.release(maxInFlight);
    }

    private void send() throws InterruptedException {
        inFlight.acquire();
        sent.incrementAndGet();
        long t0 = System.nanoTime();
        long sentMillis = (t0 - startNanos) / 1_000_000;
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            long micros = (System.nanoTime() - t0) / 1_000;
            String problem = null;
            if (error != null) {
                problem = error.toString();
            } else if (response.statusCode() != 200) {
                problem = "HTTP " + response.statusCode();
            } else if (!response.body().startsWith("worked")) {
                problem = "unexpected body " + response.body().lines().findFirst().orElse("");
            }
            outcomes.add(new Outcome(sentMillis, micros, problem == null, problem));
            inFlight.release();
        });
    }

    List<Outcome> outcomes() {
        List<Outcome> list = new ArrayList<>(outcomes);
        list.sort((a, b) -> Long.compare(a.sentMillis(), b.sentMillis()));
        return list;
    }

    /** Requests answered so far. */
    int answered() {
        return outcomes.size();
    }

    /** The p-th percentile (0..100) of the latencies, in ms, of the successful requests sent in [fromMs, toMs). */
    static double percentile(List<Outcome> outcomes, long fromMs, long toMs, double p) {
        long[] micros = outcomes.stream().filter(o -> o.ok() && o.sentMillis() >= fromMs && o.sentMillis() < toMs)
                .mapToLong(Outcome::latencyMicros).sorted().toArray();
        if (micros.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * micros.length) - 1;
        return micros[Math.max(0, Math.min(micros.length - 1, index))] / 1000.0;
    }

    static long count(List<Outcome> outcomes, long fromMs, long toMs) {
        return outcomes.stream().filter(o -> o.sentMillis() >= fromMs && o.sentMillis() < toMs).count();
    }

    void close() {
        pool.shutdownNow();
    }

    @Override
    public String toString() {
        return "load " + uri + " " + Arrays.toString(new Object[] {duration, maxRequests, maxInFlight});
    }
}
