package org.attune.orchestrator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.attune.api.Sample;
import org.attune.api.probe.Probe;

/**
 * Runs the probes of a cycle in parallel under one overall deadline, the way Felix Health Checks' executor runs
 * checks: every probe is called at once on a worker, the cycle waits until all have answered or the deadline has
 * passed, and a probe whose previous call is still running is not called a second time: the cycle waits for that
 * call instead (its samples count if it answers before the deadline). A call that misses the deadline is not
 * interrupted; it goes on, and the next cycle reuses it.
 *
 * <p>Thread-safe; one {@link #sample} at a time is the intended use (the loop's).
 */
final class ProbeRunner {

    /** A probe that gave nothing this cycle, and why. */
    record Problem(String probe, String what) {
    }

    /** What a cycle's probes gave. */
    record Result(List<Sample> samples, List<Problem> problems) {
    }

    /** A call of a probe, running or done. */
    private record Call(Probe probe, CompletableFuture<List<Sample>> future, Instant calledAt, boolean reused) {
    }

    private final Executor workers;
    // Probe (by identity) -> its call that has not returned yet.
    private final Map<Probe, Call> running = new IdentityHashMap<>();

    ProbeRunner(Executor workers) {
        this.workers = workers;
    }

    /**
     * Calls (or reuses the running call of) every probe and waits for them together.
     *
     * @param timeout the deadline for all of them, from now
     */
    Result sample(List<Probe> probes, Instant now, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Call> calls = new ArrayList<>(probes.size());
        for (Probe p : probes) {
            calls.add(callOrReuse(p, now));
        }
        List<Sample> samples = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Call call : calls) {
            try {
                List<Sample> answer = call.future().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                if (answer != null) {
                    samples.addAll(answer);
                }
            } catch (TimeoutException e) {
                problems.add(new Problem(name(call.probe()), call.reused()
                        ? "still running since " + call.calledAt() + " (not called again; no samples)"
                        : "took longer than " + timeout.toMillis() + " ms"));
            } catch (ExecutionException e) {
                problems.add(new Problem(name(call.probe()), String.valueOf(e.getCause())));
            } catch (InterruptedException e) {
                // The loop is stopping: what is in hand is recorded, nothing is reported missing.
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Result(samples, problems);
    }

    private Call callOrReuse(Probe probe, Instant now) {
        synchronized (running) {
            Call previous = running.get(probe);
            if (previous != null && !previous.future().isDone()) {
                return new Call(probe, previous.future(), previous.calledAt(), true);
            }
            CompletableFuture<List<Sample>> future = new CompletableFuture<>();
            Call call = new Call(probe, future, now, false);
            running.put(probe, call);
            try {
                workers.execute(() -> {
                    try {
                        future.complete(probe.sample(now));
                    } catch (Throwable t) {
                        future.completeExceptionally(t);
                    } finally {
                        synchronized (running) {
                            running.remove(probe, call);
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                running.remove(probe, call);
                future.completeExceptionally(e);
            }
            return call;
        }
    }

    /** Forgets a probe that went away; a call of it still running ends on its own. */
    void forget(Probe probe) {
        synchronized (running) {
            running.remove(probe);
        }
    }

    /** Probes with a call still running. */
    int running() {
        synchronized (running) {
            return running.size();
        }
    }

    static String name(Probe probe) {
        try {
            return probe.name();
        } catch (RuntimeException e) {
            return probe.getClass().getName();
        }
    }
}
