package org.attune.driver.libvirt.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.attune.api.Availability;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.driver.DriverException;
import org.attune.driver.libvirt.HostSettings;
import org.attune.probe.cpu.CpuRateCalculator;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.libvirt.event.ConnectionCloseListener;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One libvirt host: its connection, kept open with reconnection and exponential backoff, and its latest state.
 *
 * <p><b>Threading:</b> libvirt-java's {@link Connect} is not thread-safe in every path, so every call on the host's
 * connection runs on the host's own single thread; callers wait for it with a timeout ({@link #call}). Connecting
 * happens on a separate thread that the host's thread waits for at most the connect timeout, so an attempt that
 * hangs is abandoned (and its connection closed whenever it completes). {@link #state()} never blocks.
 * <p><b>Refreshes:</b> every poll interval, after every lifecycle event (coalesced) and on demand. A refresh reads
 * every domain's state, size and CPU counter; the XML (for the MAC) only when a domain is new, restarted or
 * redefined.
 * <p><b>Errors:</b> a failed or lost connection makes the host OFFLINE with a detail and is logged once per state
 * change; the domains of the last refresh are kept, as the last thing known, until it is back.
 */
final class LibvirtHost {

    /** Told about every published state change; called on the host's thread, must not block. */
    interface Listener {
        void hostChanged(LibvirtHost host);
    }

    /** An operation on the host's connection, run on the host's thread. */
    interface Operation<T> {
        T apply(Connect connection) throws LibvirtException, DriverException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtHost.class);
    /** Events arrive in bursts (a migration sends four): one refresh shortly after the first is enough. */
    private static final long EVENT_COALESCE_MILLIS = 100;
    private static final int KEEPALIVE_INTERVAL_SECONDS = 5;
    private static final int KEEPALIVE_COUNT = 3;

    private final String driverId;
    private final HostSettings settings;
    private final String source;
    private final LibvirtRuntime runtime;
    private final Listener listener;
    private final ScheduledThreadPoolExecutor executor;
    private final CpuRateCalculator<String> cpu = new CpuRateCalculator<>();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    /** UUIDs whose XML must be read again (redefined), filled from the event thread. */
    private final Set<String> redefined = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectAttempts = new AtomicInteger();
    private final AtomicInteger stateChanges = new AtomicInteger();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final LifecycleListener lifecycle = this::onLifecycleEvent;
    private final ConnectionCloseListener closeListener = (c, reason) -> execute(() -> onClosedByLibvirt(c, reason));

    // Confined to the host's thread.
    private final Backoff backoff;
    private final Map<String, CachedDetails> details = new HashMap<>();
    private Connect connection;
    private NodeInfo node;
    private ScheduledFuture<?> poll;
    private ScheduledFuture<?> reconnect;
    private CompletableFuture<Connect> pendingAttempt;
    private String lastRefreshError;
    private boolean stopped;

    private volatile HostState state;
    /** Configured with the host; may change without reconnecting ({@link #powerProfile(PowerProfile)}). */
    private volatile PowerProfile powerProfile;

    private record CachedDetails(int domainId, DomainDetails details) {
    }

    LibvirtHost(String driverId, HostSettings settings, String source, LibvirtRuntime runtime, Listener listener) {
        this.driverId = driverId;
        this.settings = settings;
        this.source = source;
        this.runtime = runtime;
        this.listener = listener;
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax());
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "attune-libvirt-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.powerProfile = settings.powerProfile();
        this.state = new HostState(new Host(settings.name(), settings.name(), driverId, 0, 0, 0, PowerState.ON,
                Availability.OFFLINE, "connecting to " + settings.uri(), powerProfile), Map.of(), 0);
    }

    /** Starts connecting, in the background. */
    void start() {
        execute(this::connect);
    }

    String name() {
        return settings.name();
    }

    HostSettings settings() {
        return settings;
    }

    /**
     * Reports another power profile from now on, without touching the connection; returns at once (the host's
     * thread republishes its state).
     */
    void powerProfile(PowerProfile profile) {
        execute(() -> {
            powerProfile = profile;
            HostState s = state;
            state = new HostState(s.host().withPowerProfile(profile), s.domains(), s.mipsPerCore());
            listener.hostChanged(this);
        });
    }

    /** Which configuration defined this host. */
    String source() {
        return source;
    }

    /** The latest published state; never blocks. */
    HostState state() {
        return state;
    }

    /** Completes when the host has been closed: its connection is closed and its thread ends. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    /** Connection attempts so far (for tests and diagnostics). */
    int connectAttempts() {
        return connectAttempts.get();
    }

    /** Published availability/detail changes so far; each one is logged once. */
    int stateChanges() {
        return stateChanges.get();
    }

    /**
     * Runs an operation on the host's connection and waits for it at most the operation timeout.
     *
     * @param what names the operation in error messages, e.g. {@code start guest web}
     * @throws DriverException when the host is offline or removed, the operation fails or times out; the message
     *                         names the host
     */
    <T> T call(String what, Operation<T> operation) throws DriverException {
        return await(what, submit(operation), settings.operationTimeout());
    }

    /** Runs an operation on the host's connection; the future fails with a {@link DriverException}. */
    <T> CompletableFuture<T> submit(Operation<T> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                if (result.isDone()) {
                    return; // the caller gave up
                }
                if (connection == null) {
                    result.completeExceptionally(offlineException());
                    return;
                }
                try {
                    result.complete(operation.apply(connection));
                } catch (LibvirtException e) {
                    checkConnection(e);
                    result.completeExceptionally(new DriverException(
                            "host " + name() + ": " + Errors.describe(e), e));
                } catch (DriverException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new DriverException("host " + name() + " has been removed"));
        }
        return result;
    }

    /** Waits for a future of this host, turning every failure into a {@link DriverException} naming the host. */
    <T> T await(String what, Future<T> future, Duration timeout) throws DriverException {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new DriverException("host " + name() + ": " + what + " timed out after " + timeout.toSeconds()
                    + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DriverException d) {
                throw d; // its message already names the host or guest
            }
            throw new DriverException("host " + name() + ": " + what + " failed: " + LibvirtRuntime.describe(cause),
                    cause);
        } catch (CancellationException e) {
            throw new DriverException("host " + name() + ": " + what + " was cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("host " + name() + ": interrupted while waiting for " + what);
        }
    }

    /** Refreshes now (after what is queued); completes when the new state is published. */
    CompletableFuture<Void> refreshNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                refresh();
                done.complete(null);
            });
        } catch (RejectedExecutionException e) {
            done.complete(null);
        }
        return done;
    }

    /**
     * Runs {@code task} on the host's thread every {@code period} while the host is connected.
     *
     * @return the schedule, to cancel; null when the host is closed
     */
    ScheduledFuture<?> every(Duration period, Operation<?> task) {
        long nanos = period.toNanos();
        try {
            return executor.scheduleWithFixedDelay(() -> {
            if (connection != null) {
                try {
                    task.apply(connection);
                } catch (LibvirtException e) {
                    checkConnection(e);
                    LOG.debug("host {}: periodic task failed: {}", name(), Errors.describe(e));
                } catch (DriverException | RuntimeException e) {
                    LOG.debug("host {}: periodic task failed: {}", name(), e.getMessage());
                }
            }
            }, nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /**
     * Opens a connection of the caller's own to this host (for a blocking migration call), on the caller's thread
     * but bounded by the connect timeout. The caller closes it.
     */
    Connect openDedicated() throws DriverException {
        CompletableFuture<Connect> attempt;
        try {
            attempt = CompletableFuture.supplyAsync(this::open, runtime.connectors());
        } catch (RejectedExecutionException e) {
            throw new DriverException("host " + name() + ": the driver is stopping");
        }
        try {
            return attempt.get(settings.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            attempt.thenAccept(LibvirtHost::closeQuietly);
            throw new DriverException("host " + name() + ": connection timed out after "
                    + settings.connectTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new DriverException("host " + name() + ": connection failed: " + Errors.describe(e.getCause()),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("host " + name() + ": interrupted while connecting");
        }
    }

    /** Closes the host: stops polling and reconnecting, closes the connection; returns at once. */
    CompletableFuture<Void> close() {
        try {
            executor.execute(() -> {
                stopped = true;
                cancel(poll);
                cancel(reconnect);
                if (connection != null) {
                    closeQuietly(connection, lifecycle);
                    connection = null;
                }
                publish(Availability.OFFLINE, "removed", state.domains());
                LOG.info("libvirt host {} removed: connection closed", name());
                closed.complete(null);
            });
            executor.shutdown();
        } catch (RejectedExecutionException e) {
            closed.complete(null);
        }
        return closed;
    }

    // ---------------------------------------------------------------------------------------- host thread

    private void execute(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("host {}: unexpected failure", name(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("host {} is closed; task dropped", name());
        }
    }

    private void connect() {
        reconnect = null;
        if (stopped || connection != null) {
            return;
        }
        CompletableFuture<String> ready = runtime.ready();
        if (!ready.isDone()) {
            ready.whenComplete((v, e) -> execute(this::connect));
            return;
        }
        String failure = runtime.failure();
        if (failure != null) {
            // Retrying cannot help until the library is installed and the bundle restarted.
            publish(Availability.OFFLINE, failure, state.domains());
            return;
        }
        if (pendingAttempt != null && !pendingAttempt.isDone()) {
            // A previous attempt still hangs in libvirt: do not pile up threads behind it.
            scheduleReconnect();
            return;
        }
        connectAttempts.incrementAndGet();
        long t0 = System.nanoTime();
        Connect c;
        try {
            pendingAttempt = CompletableFuture.supplyAsync(this::open, runtime.connectors());
            c = pendingAttempt.get(settings.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pendingAttempt.thenAccept(LibvirtHost::closeQuietly);
            offline("connection timed out after " + settings.connectTimeout().toSeconds() + " s");
            return;
        } catch (ExecutionException e) {
            offline("connection failed: " + Errors.describe(e.getCause()));
            return;
        } catch (RejectedExecutionException e) {
            return; // the runtime is stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String hypervisor;
        try {
            node = c.nodeInfo();
            hypervisor = hypervisor(c);
            listen(c);
        } catch (LibvirtException | RuntimeException e) {
            closeQuietly(c, lifecycle);
            offline("connection failed: " + Errors.describe(e));
            return;
        }
        connection = c;
        backoff.reset();
        lastRefreshError = null;
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LOG.debug("host {}: connected to {} in {} ms", name(), settings.uri(), millis);
        refresh(Availability.ONLINE, "connected to " + hypervisor);
        long pollNanos = settings.pollInterval().toNanos();
        poll = executor.scheduleWithFixedDelay(() -> refresh(), pollNanos, pollNanos, TimeUnit.NANOSECONDS);
    }

    private Connect open() {
        try {
            return new Connect(settings.uri());
        } catch (LibvirtException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private void listen(Connect c) throws LibvirtException {
        try {
            c.setKeepAlive(KEEPALIVE_INTERVAL_SECONDS, KEEPALIVE_COUNT);
        } catch (LibvirtException e) {
            LOG.debug("host {}: no keepalive ({})", name(), Errors.describe(e)); // local drivers have none
        }
        try {
            c.registerCloseListener(closeListener);
        } catch (LibvirtException e) {
            LOG.debug("host {}: no close callback ({})", name(), Errors.describe(e));
        }
        c.addLifecycleListener(lifecycle);
    }

    private static String hypervisor(Connect c) throws LibvirtException {
        long v = c.getVersion();
        return c.getType() + " " + v / 1_000_000 + "." + v / 1000 % 1000 + "." + v % 1000;
    }

    private void offline(String detail) {
        publish(Availability.OFFLINE, detail, state.domains());
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (stopped || reconnect != null) {
            return;
        }
        Duration delay = backoff.next();
        LOG.debug("host {}: next connection attempt in {} ms", name(), delay.toMillis());
        try {
            reconnect = executor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** After a failed call: when the connection itself is gone, drop it and reconnect. */
    private void checkConnection(LibvirtException failure) {
        if (connection == null) {
            return;
        }
        boolean alive;
        try {
            alive = connection.isAlive();
        } catch (LibvirtException | RuntimeException e) {
            alive = false;
        }
        if (!alive) {
            lost("connection lost: " + Errors.describe(failure));
        }
    }

    private void onClosedByLibvirt(Connect c, Object reason) {
        if (c == connection || connection != null && !isAlive(connection)) {
            lost("connection closed by libvirt (" + String.valueOf(reason).toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }

    private static boolean isAlive(Connect c) {
        try {
            return c.isAlive();
        } catch (LibvirtException | RuntimeException e) {
            return false;
        }
    }

    private void lost(String detail) {
        Connect c = connection;
        connection = null;
        cancel(poll);
        poll = null;
        closeQuietly(c, lifecycle);
        backoff.reset();
        offline(detail);
    }

    private int onLifecycleEvent(Domain domain, DomainEvent event) {
        // On libvirt's event thread: only note what happened and queue a refresh on the host's thread.
        try {
            if (event.getType() == DomainEventType.DEFINED || event.getType() == DomainEventType.STARTED) {
                redefined.add(domain.getUUIDString());
            }
            LOG.debug("host {}: {} {}", name(), domain.getName(), event);
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("host {}: event {}: {}", name(), event, e.getMessage());
        }
        if (refreshQueued.compareAndSet(false, true)) {
            try {
                executor.schedule(() -> refresh(), EVENT_COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
        return 0;
    }

    private void refresh() {
        refresh(state.host().availability(), state.host().detail());
    }

    private void refresh(Availability availability, String detail) {
        refreshQueued.set(false);
        if (connection == null) {
            return;
        }
        Map<String, DomainReading> readings = new HashMap<>();
        try {
            Domain[] domains = connection.listAllDomains(0);
            long now = System.nanoTime();
            Set<String> cpuKeys = new HashSet<>();
            for (Domain d : domains) {
                try {
                    DomainReading r = read(d, now);
                    readings.put(r.uuid(), r);
                    if (r.active()) {
                        cpuKeys.add(cpuKey(r.uuid(), r.domainId()));
                    }
                } catch (LibvirtException e) {
                    // A domain that vanished between the listing and the read is simply gone.
                    if (Errors.code(e) != ErrorNumber.VIR_ERR_NO_DOMAIN) {
                        throw e;
                    }
                } finally {
                    free(d);
                }
            }
            cpu.retainAll(cpuKeys);
            details.keySet().retainAll(readings.keySet());
            if (lastRefreshError != null) {
                LOG.info("host {}: reading guests works again", name());
                lastRefreshError = null;
            }
        } catch (LibvirtException e) {
            String why = Errors.describe(e);
            checkConnection(e);
            if (connection == null) {
                return; // lost: already published as offline
            }
            if (!why.equals(lastRefreshError)) {
                LOG.warn("host {}: cannot read its guests: {}", name(), why);
                lastRefreshError = why;
            }
            publish(availability, detail, state.domains());
            return;
        }
        publish(availability, detail, readings);
    }

    private DomainReading read(Domain d, long now) throws LibvirtException {
        String uuid = d.getUUIDString();
        String name = d.getName();
        DomainInfo info = d.getInfo();
        int id = d.getID();
        boolean active = id >= 0 && info.state != DomainInfo.DomainState.VIR_DOMAIN_SHUTOFF;
        CachedDetails cached = details.get(uuid);
        if (cached == null || cached.domainId() != id || redefined.remove(uuid)) {
            DomainDetails parsed;
            try {
                parsed = DomainDetails.parse(d.getXMLDesc(0));
            } catch (IllegalArgumentException e) {
                LOG.warn("host {}: guest {}: {}", name(), name, e.getMessage());
                parsed = DomainDetails.NONE;
            }
            cached = new CachedDetails(id, parsed);
            details.put(uuid, cached);
        }
        int vcpus = Math.max(1, info.nrVirtCpu);
        org.attune.probe.cpu.CpuRate rate = null;
        if (active) {
            String key = cpuKey(uuid, id);
            cpu.update(key, Math.max(0, info.cpuTime), now, vcpus);
            rate = cpu.latest(key).orElse(null);
        }
        return new DomainReading(uuid, name, id, guestState(info.state, active), active, info.nrVirtCpu,
                info.maxMem / 1024, cached.details(), rate);
    }

    /** A new process (restart, migration) gets a new numeric id: a new counter, never compared with the old. */
    private static String cpuKey(String uuid, int domainId) {
        return uuid + "#" + domainId;
    }

    static GuestState guestState(DomainInfo.DomainState s, boolean active) {
        if (s == null) {
            return active ? GuestState.RUNNING : GuestState.STOPPED;
        }
        switch (s) {
            case VIR_DOMAIN_RUNNING:
            case VIR_DOMAIN_BLOCKED:
            case VIR_DOMAIN_SHUTDOWN:
                return GuestState.RUNNING;
            case VIR_DOMAIN_PAUSED:
            case VIR_DOMAIN_PMSUSPENDED:
                return GuestState.PAUSED;
            case VIR_DOMAIN_SHUTOFF:
            case VIR_DOMAIN_CRASHED:
                return GuestState.STOPPED;
            default:
                return active ? GuestState.RUNNING : GuestState.STOPPED;
        }
    }

    private void publish(Availability availability, String detail, Map<String, DomainReading> domains) {
        HostState old = state;
        int cpus = node != null ? node.cpus : old.host().cpus();
        double mipsPerCore = settings.cpuMipsPerCore() > 0 ? settings.cpuMipsPerCore()
                : node != null ? node.mhz : old.mipsPerCore();
        long memoryMiB = node != null ? node.memory / 1024 : old.host().memoryMiB();
        Host host = new Host(settings.name(), settings.name(), driverId, cpus * mipsPerCore, cpus, memoryMiB,
                PowerState.ON, availability, detail, powerProfile);
        state = new HostState(host, domains, mipsPerCore);
        if (old.host().availability() != availability || !old.host().detail().equals(detail)) {
            stateChanges.incrementAndGet();
            if (availability == Availability.ONLINE) {
                LOG.info("libvirt host {} online: {} ({}, {} cpus, {} MiB, {} guests)", name(), detail,
                        settings.uri(), cpus, memoryMiB, domains.size());
            } else if (!stopped) {
                LOG.warn("libvirt host {} offline: {} ({}; retrying after {} to {})", name(), detail, settings.uri(),
                        human(settings.reconnectMin()), human(settings.reconnectMax()));
            }
        }
        listener.hostChanged(this);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private DriverException offlineException() {
        Host h = state.host();
        return new DriverException("host " + name() + " is offline: " + h.detail());
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    static void free(Domain d) {
        try {
            d.free();
        } catch (LibvirtException | RuntimeException e) {
            // nothing to do: the object is gone either way
        }
    }

    static void closeQuietly(Connect c) {
        closeQuietly(c, null);
    }

    private static void closeQuietly(Connect c, LifecycleListener l) {
        if (c == null) {
            return;
        }
        try {
            if (l != null) {
                c.removeLifecycleListener(l);
            }
        } catch (LibvirtException | RuntimeException e) {
            // the connection may already be broken
        }
        try {
            c.unregisterCloseListener();
        } catch (LibvirtException | RuntimeException e) {
            // same
        }
        try {
            c.close();
        } catch (LibvirtException | RuntimeException e) {
            // same
        }
    }
}
