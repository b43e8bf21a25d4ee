package org.attune.orchestrator.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the loop's cycle every period on a thread of its own ({@code attune-loop}) from {@link #start()} until
 * {@link #stop()}. Nothing a cycle throws ends the loop. Thread-safe.
 */
final class LoopScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(LoopScheduler.class);

    private final Runnable cycle;
    private final Supplier<Duration> period;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> loop;
    private Duration scheduledPeriod;

    /** @param period the period in force, read when the loop is scheduled */
    LoopScheduler(Runnable cycle, Supplier<Duration> period) {
        this.cycle = cycle;
        this.period = period;
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attune-loop");
            t.setDaemon(true);
            return t;
        });
        schedule();
    }

    /** Reschedules a running loop whose period is no longer the one in force. */
    synchronized void periodChanged() {
        if (executor != null && !period.get().equals(scheduledPeriod)) {
            loop.cancel(false);
            schedule();
        }
    }

    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private void schedule() {
        scheduledPeriod = period.get();
        long periodNanos = scheduledPeriod.toNanos();
        loop = executor.scheduleWithFixedDelay(this::runCycle, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void runCycle() {
        try {
            cycle.run();
        } catch (Throwable t) {
            // Nothing may end the loop: a throwable escaping here would cancel every future cycle.
            LOG.error("Attune cycle failed unexpectedly; the loop goes on", t);
        }
    }
}
