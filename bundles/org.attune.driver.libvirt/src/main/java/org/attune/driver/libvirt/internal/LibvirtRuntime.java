package org.attune.driver.libvirt.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide part of libvirt: loading the native library, its event loop (needed for lifecycle events,
 * connection-close callbacks and keepalives) and its error reporting. Shared by reference count: the first
 * {@link #acquire()} starts it, the last {@link #release()} stops the loop. Everything that can block (loading the
 * library) happens on the event-loop thread, never on the caller's.
 *
 * <p>libvirt prints every error to stderr unless an error function is set; this one logs them at DEBUG only,
 * because the driver reports each failure itself, once per state change.
 */
public final class LibvirtRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtRuntime.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /** Kept strongly reachable: libvirt holds a native pointer to it for as long as it is set. */
    private static final Libvirt.VirErrorCallback ERROR_SINK = (userData, error) -> {
        if (LOG.isDebugEnabled() && error != null) {
            LOG.debug("libvirt: {}", error.message);
        }
    };

    private static LibvirtRuntime shared;
    private static int users;

    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private volatile boolean stopping;
    private final Thread loop;
    private final AtomicInteger connectorThreads = new AtomicInteger();
    /** Runs connection attempts, so that one that hangs can be abandoned after its timeout. */
    private final ExecutorService connectors = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "attune-libvirt-connect-" + connectorThreads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private LibvirtRuntime() {
        loop = new Thread(this::run, "attune-libvirt-events");
        loop.setDaemon(true);
        loop.start();
    }

    /** The shared runtime, started on first use. Never blocks. */
    public static synchronized LibvirtRuntime acquire() {
        if (shared == null) {
            shared = new LibvirtRuntime();
        }
        users++;
        return shared;
    }

    /** Gives the runtime back; the last user stops its event loop (waiting at most a few seconds). */
    public static synchronized void release(LibvirtRuntime runtime) {
        // Stopping inside the lock: a new runtime must not start its loop while the old one is being stopped,
        // because libvirt-java's stop flag is global.
        if (runtime != shared || --users > 0) {
            return;
        }
        shared = null;
        runtime.stop();
    }

    /**
     * Completes with a one-line description of the library (e.g. {@code libvirt 9.0.0}) once it is loaded and the
     * event loop runs, or exceptionally with a {@link IllegalStateException} whose message says why it cannot.
     */
    public CompletableFuture<String> ready() {
        return ready;
    }

    /** Why libvirt cannot be used, or null when it can (or is still loading). */
    public String failure() {
        if (!ready.isCompletedExceptionally()) {
            return null;
        }
        return ready.handle((v, e) -> e == null ? null : (e.getCause() != null ? e.getCause() : e).getMessage()).join();
    }

    ExecutorService connectors() {
        return connectors;
    }

    private void run() {
        try {
            // Loading org.libvirt.Library loads libvirt.so through JNA; the event loop must exist before any
            // connection is opened.
            Library.initEventLoop();
            Connect.setErrorCallback(ERROR_SINK);
            long v = Library.getVersion();
            String version = "libvirt " + v / 1_000_000 + "." + v / 1000 % 1000 + "." + v % 1000;
            LOG.info("{} loaded, event loop running", version);
            ready.complete(version);
        } catch (LibvirtException | LinkageError | RuntimeException e) {
            String why = "libvirt library not available: " + describe(e)
                    + " (install the libvirt0 package, e.g. apt-get install libvirt0)";
            LOG.error("{}", why);
            ready.completeExceptionally(new IllegalStateException(why, e));
            return;
        }
        if (stopping) {
            return;
        }
        try {
            Library.runEventLoop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LibvirtException | RuntimeException e) {
            LOG.error("libvirt event loop ended: {}; lifecycle events are no longer received", describe(e));
        }
        LOG.debug("libvirt event loop stopped");
    }

    private void stop() {
        stopping = true;
        connectors.shutdownNow();
        if (!ready.isDone() || ready.isCompletedExceptionally()) {
            loop.interrupt();
            return;
        }
        // stopEventLoop only wakes a loop that already runs: repeat until the thread has gone.
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        try {
            while (loop.isAlive() && System.nanoTime() < deadline) {
                Library.stopEventLoop();
                loop.join(50);
            }
            Connect.setErrorCallback(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("stopping the libvirt event loop: {}", describe(e));
        }
        if (loop.isAlive()) {
            LOG.warn("libvirt event loop did not stop within {} s", STOP_WAIT.toSeconds());
        }
    }

    /** A one-line description of a failure: libvirt's own message when there is one. */
    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExceptionInInitializerError || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        message = message.strip();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
