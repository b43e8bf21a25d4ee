package org.attune.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a daemon in the foreground as a child process and starts it again whenever it exits, with a backoff
 * (0.2 s doubling to 5 s; reset after it ran 30 s). Output goes to a log file.
 *
 * <p><b>Threading:</b> thread-safe; restarts and the {@code onStarted} callback run on the supervisor's own daemon
 * thread. <b>Blocking:</b> {@link #start} only launches; {@link #stop} waits up to twice its timeout;
 * {@link #signal} up to 5 s. <b>Errors:</b> a daemon that cannot be launched at all fails {@link #start} with an
 * {@link IOException}; later exits and failed relaunches are logged and kept in {@link #lastFailure}, never thrown.
 */
public final class SupervisedProcess {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedProcess.class);
    private static final long MIN_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5000;
    private static final long STABLE_MS = 30_000;

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final Consumer<Long> onStarted;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger starts = new AtomicInteger();

    // Guarded by this.
    private Process process;
    private boolean running;
    private long backoffMs = MIN_BACKOFF_MS;
    private String lastFailure = "";

    /**
     * @param onStarted called with the pid after every (re)start, on the supervisor's thread
     */
    public SupervisedProcess(String name, List<String> command, Map<String, String> environment, Path log,
                      Consumer<Long> onStarted) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.onStarted = onStarted;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attune-supervise-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the process now; throws when it cannot even be launched (missing binary). */
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        running = true;
        launch();
    }

    private synchronized void launch() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(environment);
        Process p = pb.start();
        process = p;
        starts.incrementAndGet();
        long started = System.nanoTime();
        long pid = p.pid();
        LOG.info("{} started, pid {}", name, pid);
        p.onExit().thenAccept(done -> exited(done, started));
        scheduler.execute(() -> {
            try {
                onStarted.accept(pid);
            } catch (RuntimeException e) {
                LOG.warn("{}: after start: {}", name, e.getMessage());
            }
        });
    }

    private synchronized void exited(Process done, long startedNanos) {
        if (!running || done != process) {
            return;
        }
        long livedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        if (livedMs >= STABLE_MS) {
            backoffMs = MIN_BACKOFF_MS;
        }
        lastFailure = name + " exited with status " + done.exitValue() + " after " + livedMs + " ms";
        LOG.warn("{}; restarting in {} ms (see {})", lastFailure, backoffMs, log);
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        scheduler.schedule(this::relaunch, delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void relaunch() {
        if (!running) {
            return;
        }
        try {
            launch();
        } catch (IOException e) {
            lastFailure = name + " cannot be started: " + e.getMessage();
            LOG.warn("{}; retrying in {} ms", lastFailure, backoffMs);
            long delay = backoffMs;
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            scheduler.schedule(this::relaunch, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** The running process's pid, or -1. */
    public synchronized long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    /** Ends the current process; the supervisor starts it again. */
    public synchronized void restart() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
        }
    }

    /** How many times the process was launched. */
    public int starts() {
        return starts.get();
    }

    public synchronized String lastFailure() {
        return lastFailure;
    }

    /** Stops supervising and ends the process: SIGTERM, then SIGKILL after the timeout. */
    public void stop(Duration timeout) {
        Process p;
        synchronized (this) {
            running = false;
            p = process;
            process = null;
        }
        scheduler.shutdownNow();
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info("{} stopped", name);
    }

    /** Sends a signal (e.g. {@code HUP}) to a pid with kill(1): Java has no API for it. */
    public static void signal(long pid, String signal) throws IOException {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        try {
            if (!k.waitFor(5, TimeUnit.SECONDS)) {
                k.destroyForcibly();
                throw new IOException("kill -" + signal + " " + pid + " did not finish");
            }
            if (k.exitValue() != 0) {
                throw new IOException("kill -" + signal + " " + pid + " failed: "
                        + new String(k.getInputStream().readAllBytes()).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + pid, e);
        }
    }
}
