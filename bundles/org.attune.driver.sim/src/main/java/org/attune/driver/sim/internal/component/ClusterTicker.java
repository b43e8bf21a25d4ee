package org.attune.driver.sim.internal.component;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.attune.driver.sim.VirtualClock;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.simulation.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advances a {@link SimCluster} on its own single thread every tick, and runs other work on that same thread
 * (adding and removing hosts and guests) so that nothing of the simulation runs on the framework's threads.
 * With a {@link VirtualClock}, each tick first moves the clock by exactly tick x speed-up. Thread-safe.
 */
public final class ClusterTicker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTicker.class);

    private final SimCluster cluster;
    private final Clock clock;
    private final Duration tick;
    private final Duration virtualStep;
    private final ScheduledExecutorService executor;
    private String lastError;

    /**
     * @param speedup simulated seconds per wall second; used only to size a {@link VirtualClock}'s steps
     */
    public ClusterTicker(SimCluster cluster, Clock clock, Duration tick, double speedup, String threadName) {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be positive, was " + tick);
        }
        this.cluster = cluster;
        this.clock = clock;
        this.tick = tick;
        this.virtualStep = Durations.ofSeconds(Durations.seconds(tick) * speedup);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts ticking; returns at once. */
    public void start() {
        long nanos = tick.toNanos();
        executor.scheduleWithFixedDelay(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} on the ticker's thread; ignored once closed. */
    public void execute(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("Simulation of {} is stopped; task dropped", cluster.id());
        }
    }

    private void tick() {
        guarded(() -> {
            if (clock instanceof VirtualClock v) {
                v.advance(virtualStep);
            }
            cluster.advance();
        });
    }

    private void guarded(Runnable task) {
        // An exception must not cancel the periodic tick; log each distinct one once.
        try {
            task.run();
            lastError = null;
        } catch (RuntimeException e) {
            String message = String.valueOf(e);
            if (!message.equals(lastError)) {
                LOG.error("Simulation of driver {} failed a step; it goes on", cluster.id(), e);
                lastError = message;
            }
        }
    }

    public boolean isClosed() {
        return executor.isTerminated();
    }

    /** Stops ticking and waits (briefly) for a running tick to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Simulation thread of driver {} did not stop within 5 s", cluster.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
