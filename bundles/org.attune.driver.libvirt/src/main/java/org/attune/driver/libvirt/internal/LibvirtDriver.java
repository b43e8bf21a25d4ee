package org.attune.driver.libvirt.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.attune.api.Availability;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.PowerProfile;
import org.attune.api.Sample;
import org.attune.api.Subject;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.DriverStatus;
import org.attune.api.driver.GuestSpec;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.driver.libvirt.internal.config.HostDefinition;
import org.attune.probe.cpu.CpuRate;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All libvirt hosts as one {@link HypervisorDriver} (id and type {@code libvirt}), so guests can migrate between any
 * two of them. Hosts come and go with their configurations ({@link #bind}/{@link #unbind}); each runs its own
 * connection ({@link LibvirtHost}). Every host state change re-publishes an immutable {@link Inventory}, which
 * {@link #inventory()} returns without waiting.
 *
 * <p>Placement: a guest is identified by its UUID. It is placed on the host that reports it active, preferring a
 * reachable host, then running over paused (during a migration both hosts report it: the source runs it until the
 * switch-over, then the target), then where it was before. A guest that runs nowhere is placed where it is defined.
 */
public final class LibvirtDriver implements HypervisorDriver {

    public static final String ID = "libvirt";
    public static final String TYPE = "libvirt";
    /** How long after a host was refreshed following a migration the result waits for it at most. */
    private static final Duration REFRESH_WAIT = Duration.ofSeconds(10);
    private static final Duration STOP_POLL = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtDriver.class);

    private final LibvirtRuntime runtime;
    private final Object lock = new Object();
    private final Map<String, LibvirtMigration> migrations = new ConcurrentHashMap<>();

    // Guarded by lock.
    private final Map<String, HostDefinition> bound = new LinkedHashMap<>();
    private final Map<String, LibvirtHost> hosts = new LinkedHashMap<>();
    private final Map<String, HostDefinition> running = new HashMap<>();
    private final Map<String, String> lastPlacement = new HashMap<>();
    private final Set<String> reportedDuplicates = new HashSet<>();
    private List<String> problems = List.of();
    private boolean closed;

    private volatile Inventory inventory = Inventory.empty(ID);
    private volatile DriverStatus status;

    public LibvirtDriver(LibvirtRuntime runtime) {
        this.runtime = runtime;
        this.status = new DriverStatus(Availability.ONLINE, "loading libvirt", List.of());
        runtime.ready().whenComplete((v, e) -> publish());
    }

    // ------------------------------------------------------------------------------------ hosts

    /** Adds (or, for the same configuration, replaces) a host definition; returns at once. */
    public void bind(HostDefinition definition) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            bound.put(definition.source(), definition);
            reconcile();
        }
        publish();
    }

    /** Removes a host definition: its host is closed, and its guests leave the inventory. Returns at once. */
    public void unbind(HostDefinition definition) {
        synchronized (lock) {
            // A reconfigured host may be bound anew before the old definition is unbound: remove only ours.
            if (closed || bound.get(definition.source()) != definition) {
                return;
            }
            bound.remove(definition.source());
            reconcile();
        }
        publish();
    }

    /** The host named {@code name}, or null (for tests). */
    LibvirtHost host(String name) {
        synchronized (lock) {
            return hosts.get(name);
        }
    }

    /** Starts and stops hosts so that exactly the valid, first-come definition of each name runs. */
    private void reconcile() {
        Map<String, HostDefinition> wanted = new LinkedHashMap<>();
        List<String> newProblems = new ArrayList<>();
        for (HostDefinition d : bound.values()) {
            if (!d.isValid()) {
                newProblems.add(d.problem());
                continue;
            }
            HostDefinition owner = wanted.get(d.name());
            if (owner != null) {
                newProblems.add(d.source() + ": host name '" + d.name() + "' is already used by " + owner.source()
                        + "; this configuration is ignored");
                continue;
            }
            wanted.put(d.name(), d);
        }
        for (String p : newProblems) {
            if (!problems.contains(p)) {
                LOG.warn("libvirt host configuration rejected: {}", p);
            }
        }
        problems = List.copyOf(newProblems);

        for (var it = hosts.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            HostDefinition now = running.get(e.getKey());
            HostDefinition want = wanted.get(e.getKey());
            if (want == now) {
                continue;
            }
            if (want != null && want.source().equals(now.source()) && sameConnection(want, now)) {
                running.put(e.getKey(), want); // same settings again: keep the connection
                PowerProfile profile = want.settings().powerProfile();
                if (!profile.equals(now.settings().powerProfile())) {
                    LOG.info("libvirt host {}: power profile now {}", e.getKey(), profile);
                    e.getValue().powerProfile(profile);
                }
                continue;
            }
            e.getValue().close();
            running.remove(e.getKey());
            it.remove();
        }
        for (HostDefinition d : wanted.values()) {
            if (!hosts.containsKey(d.name())) {
                LibvirtHost h = new LibvirtHost(ID, d.settings(), d.source(), runtime, this::hostChanged);
                hosts.put(d.name(), h);
                running.put(d.name(), d);
                LOG.info("libvirt host {} added: {}", d.name(), d.settings().uri());
                h.start();
            }
        }
    }

    /** Whether two definitions differ at most in their power profile, which changes without reconnecting. */
    private static boolean sameConnection(HostDefinition a, HostDefinition b) {
        return a.settings().withPowerProfile(null).equals(b.settings().withPowerProfile(null));
    }

    private void hostChanged(LibvirtHost host) {
        publish();
    }

    // ------------------------------------------------------------------------------- inventory

    @Override
    public String id() {
        return ID;
    }

    @Override
    public DriverStatus status() {
        return status;
    }

    @Override
    public Inventory inventory() {
        return inventory;
    }

    /** Rebuilds the inventory and status from the hosts' latest states. Quick; called on any change. */
    private void publish() {
        synchronized (lock) {
            List<Host> hostList = new ArrayList<>();
            Map<String, List<Candidate>> byGuest = new LinkedHashMap<>();
            int order = 0;
            for (LibvirtHost h : hosts.values()) {
                HostState st = h.state();
                hostList.add(st.host());
                for (DomainReading r : st.domains().values()) {
                    byGuest.computeIfAbsent(r.uuid(), k -> new ArrayList<>())
                            .add(new Candidate(h.name(), st.online(), r, order));
                }
                order++;
            }
            List<Guest> guests = new ArrayList<>();
            Map<String, String> placement = new HashMap<>();
            for (var e : byGuest.entrySet()) {
                String uuid = e.getKey();
                Candidate best = place(uuid, e.getValue());
                GuestState state = migrations.containsKey(uuid) && best.reading().active() ? GuestState.MIGRATING
                        : best.reading().state();
                guests.add(best.reading().toGuest(state));
                placement.put(uuid, best.host());
            }
            guests.sort(Comparator.comparing(Guest::name).thenComparing(Guest::id));
            lastPlacement.keySet().retainAll(placement.keySet());
            lastPlacement.putAll(placement);
            inventory = new Inventory(ID, hostList, guests, placement);
            status = computeStatus(hostList);
        }
    }

    private record Candidate(String host, boolean online, DomainReading reading, int order) {

        int rank() {
            if (!reading.active()) {
                return 0;
            }
            int r = reading.state() == GuestState.RUNNING ? 2 : 1;
            return online ? r + 2 : r;
        }
    }

    private Candidate place(String uuid, List<Candidate> candidates) {
        String previous = lastPlacement.get(uuid);
        Candidate best = null;
        for (Candidate c : candidates) {
            if (best == null || c.rank() > best.rank()
                    || c.rank() == best.rank() && c.host().equals(previous) && !best.host().equals(previous)) {
                best = c;
            }
        }
        Objects.requireNonNull(best);
        long runningOnline = candidates.stream()
                .filter(c -> c.online() && c.reading().active() && c.reading().state() == GuestState.RUNNING).count();
        if (runningOnline > 1 && !migrations.containsKey(uuid)) {
            if (reportedDuplicates.add(uuid)) {
                LOG.warn("guest {} ({}) runs on several hosts: {}; Attune places it on {}", best.reading().name(), uuid,
                        candidates.stream().map(Candidate::host).collect(Collectors.joining(", ")), best.host());
            }
        } else {
            reportedDuplicates.remove(uuid);
        }
        return best;
    }

    private DriverStatus computeStatus(List<Host> hostList) {
        String failure = runtime.failure();
        if (failure != null) {
            List<String> all = new ArrayList<>(problems);
            all.add(failure);
            return new DriverStatus(Availability.OFFLINE, failure, all);
        }
        if (hostList.isEmpty()) {
            return new DriverStatus(Availability.ONLINE,
                    "no libvirt hosts configured (etc/org.attune.driver.libvirt-<name>.cfg)", problems);
        }
        List<String> offline = hostList.stream().filter(h -> h.availability() != Availability.ONLINE)
                .map(Host::id).toList();
        String detail = hostList.size() + (hostList.size() == 1 ? " host" : " hosts") + ", "
                + (hostList.size() - offline.size()) + " online"
                + (offline.isEmpty() ? "" : "; offline: " + String.join(", ", offline));
        return new DriverStatus(Availability.ONLINE, detail, problems);
    }

    // ------------------------------------------------------------------------------ operations

    @Override
    public MigrationJob migrate(String guestId, String targetHostId, MigrationOptions options)
            throws DriverException {
        Objects.requireNonNull(options, "options");
        LibvirtMigration job;
        synchronized (lock) {
            checkOpen();
            LibvirtHost target = hosts.get(targetHostId);
            if (target == null) {
                throw new DriverException("unknown host " + targetHostId + " (libvirt hosts: "
                        + String.join(", ", hosts.keySet()) + ")");
            }
            Inventory inv = inventory;
            Guest guest = guest(inv, guestId);
            String sourceId = inv.placement().get(guestId);
            if (targetHostId.equals(sourceId)) {
                throw new DriverException("guest " + guest.name() + " is already on host " + targetHostId);
            }
            LibvirtHost source = hosts.get(sourceId);
            if (source == null) {
                throw new DriverException("guest " + guest.name() + " is on host " + sourceId + ", which is gone");
            }
            LibvirtMigration running = migrations.get(guestId);
            if (running != null) {
                throw new DriverException("guest " + guest.name() + " is already migrating (from "
                        + running.sourceHostId() + " to " + running.targetHostId() + ")");
            }
            HostState src = source.state();
            HostState dst = target.state();
            if (!src.online()) {
                throw new DriverException("host " + sourceId + " (where guest " + guest.name() + " runs) is offline: "
                        + src.host().detail());
            }
            if (!dst.online()) {
                throw new DriverException("host " + targetHostId + " is offline: " + dst.host().detail());
            }
            if (guest.state() != GuestState.RUNNING && guest.state() != GuestState.PAUSED) {
                throw new DriverException("guest " + guest.name() + " is "
                        + guest.state().name().toLowerCase(java.util.Locale.ROOT) + ": only running guests migrate");
            }
            checkConcurrency(source);
            checkConcurrency(target);
            long used = inv.guests().stream()
                    .filter(g -> targetHostId.equals(inv.placement().get(g.id())) && g.state() != GuestState.STOPPED)
                    .mapToLong(Guest::memoryMiB).sum()
                    + migrations.values().stream().filter(m -> m.targetHostId().equals(targetHostId))
                            .mapToLong(m -> memoryOf(inv, m.guestId())).sum();
            long capacity = dst.host().memoryMiB();
            if (used + guest.memoryMiB() > capacity) {
                throw new DriverException("host " + targetHostId + " has not enough memory for guest " + guest.name()
                        + ": it needs " + guest.memoryMiB() + " MiB, " + Math.max(0, capacity - used) + " of "
                        + capacity + " MiB are free");
            }
            job = new LibvirtMigration(guest, source, target, options, this::migrationEnded);
            migrations.put(guestId, job);
        }
        publish();
        job.start();
        return job;
    }

    private void checkConcurrency(LibvirtHost host) throws DriverException {
        long n = migrations.values().stream()
                .filter(m -> m.sourceHostId().equals(host.name()) || m.targetHostId().equals(host.name())).count();
        int max = host.settings().maxConcurrentMigrations();
        if (n >= max) {
            throw new DriverException("host " + host.name() + " already takes part in " + n + " migration"
                    + (n == 1 ? "" : "s") + " (maxConcurrentMigrations = " + max + ")");
        }
    }

    private static long memoryOf(Inventory inv, String guestId) {
        return inv.guests().stream().filter(g -> g.id().equals(guestId)).mapToLong(Guest::memoryMiB).findFirst()
                .orElse(0);
    }

    /** Refreshes both hosts, forgets the job and says where the guest runs now. */
    private String migrationEnded(LibvirtMigration job) {
        LibvirtHost source;
        LibvirtHost target;
        synchronized (lock) {
            source = hosts.get(job.sourceHostId());
            target = hosts.get(job.targetHostId());
        }
        List<CompletableFuture<Void>> refreshes = new ArrayList<>();
        for (LibvirtHost h : new LibvirtHost[] {source, target}) {
            if (h != null) {
                refreshes.add(h.refreshNow());
            }
        }
        try {
            CompletableFuture.allOf(refreshes.toArray(new CompletableFuture<?>[0]))
                    .get(REFRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("guest {}: hosts not refreshed within {} s after its migration; the inventory may lag",
                    job.guestName(), REFRESH_WAIT.toSeconds());
        }
        migrations.remove(job.guestId(), job);
        publish();
        return inventory.placement().getOrDefault(job.guestId(), "");
    }

    /** The migration of a guest in flight, or null (for tests). */
    MigrationJob migrationOf(String guestId) {
        return migrations.get(guestId);
    }

    @Override
    public void startGuest(String guestId) throws DriverException {
        Placed p = placed(guestId);
        p.host().call("start guest " + p.guest().name(), c -> {
            Domain d = lookup(c, p);
            try {
                if (d.isActive() == 1) {
                    throw new DriverException("guest " + p.guest().name() + " is already running on host "
                            + p.host().name());
                }
                d.create();
                return null;
            } finally {
                LibvirtHost.free(d);
            }
        });
        LOG.info("Started guest {} on host {}", p.guest().name(), p.host().name());
        refreshAndWait(p.host());
    }

    @Override
    public void stopGuest(String guestId) throws DriverException {
        Placed p = placed(guestId);
        String name = p.guest().name();
        boolean graceful = p.host().call("stop guest " + name, c -> {
            Domain d = lookup(c, p);
            try {
                if (d.isActive() != 1) {
                    throw new DriverException("guest " + name + " is not running (host " + p.host().name() + ")");
                }
                try {
                    d.shutdown();
                    return true;
                } catch (LibvirtException e) {
                    LOG.info("guest {}: graceful shutdown refused ({}); forcing it off", name, Errors.describe(e));
                    d.destroy();
                    return false;
                }
            } finally {
                LibvirtHost.free(d);
            }
        });
        boolean forced = !graceful;
        if (graceful) {
            long deadline = System.nanoTime() + p.host().settings().shutdownTimeout().toNanos();
            while (isActive(p)) {
                if (System.nanoTime() >= deadline) {
                    LOG.info("guest {}: no graceful shutdown within {} s; forcing it off", name,
                            p.host().settings().shutdownTimeout().toSeconds());
                    p.host().call("force guest " + name + " off", c -> {
                        Domain d = lookup(c, p);
                        try {
                            d.destroy();
                        } catch (LibvirtException e) {
                            if (Errors.code(e) != ErrorNumber.VIR_ERR_OPERATION_INVALID) {
                                throw e; // "domain is not running" means it stopped meanwhile
                            }
                        } finally {
                            LibvirtHost.free(d);
                        }
                        return null;
                    });
                    forced = true;
                    break;
                }
                try {
                    Thread.sleep(STOP_POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DriverException("interrupted while stopping guest " + name);
                }
            }
        }
        LOG.info("Stopped guest {} on host {}{}", name, p.host().name(), forced ? " (forced off)" : "");
        refreshAndWait(p.host());
    }

    @Override
    public String defineGuest(String hostId, GuestSpec spec) throws DriverException {
        LibvirtHost host;
        synchronized (lock) {
            checkOpen();
            host = hosts.get(hostId);
            if (host == null) {
                throw new DriverException("unknown host '" + hostId + "' (libvirt hosts: "
                        + String.join(", ", hosts.keySet()) + ")");
            }
            for (Guest g : inventory.guests()) {
                if (g.name().equals(spec.name())) {
                    throw new DriverException("guest " + spec.name() + " already exists on host "
                            + inventory.placement().getOrDefault(g.id(), "?"));
                }
            }
        }
        String xml = DomainXml.of(spec);
        String uuid = host.call("define guest " + spec.name(), c -> {
            Domain d = c.domainDefineXML(xml);
            try {
                try {
                    d.create();
                } catch (LibvirtException e) {
                    // defined but not startable: leave nothing behind
                    try {
                        d.undefine();
                    } catch (LibvirtException ignored) {
                        LOG.warn("guest {}: cannot undefine after a failed start: {}", spec.name(),
                                Errors.describe(ignored));
                    }
                    throw e;
                }
                return d.getUUIDString();
            } finally {
                LibvirtHost.free(d);
            }
        });
        LOG.info("Defined and started guest {} ({}) on host {}", spec.name(), uuid, host.name());
        refreshAndWait(host);
        return uuid;
    }

    @Override
    public void undefineGuest(String guestId) throws DriverException {
        Placed p = placed(guestId);
        String name = p.guest().name();
        p.host().call("remove guest " + name, c -> {
            Domain d = lookup(c, p);
            try {
                if (d.isActive() == 1) {
                    d.destroy();
                }
                if (d.isPersistent() == 1) {
                    d.undefine();
                }
                return null;
            } finally {
                LibvirtHost.free(d);
            }
        });
        LOG.info("Removed guest {} from host {}", name, p.host().name());
        refreshAndWait(p.host());
    }

    private boolean isActive(Placed p) throws DriverException {
        return p.host().call("check guest " + p.guest().name(), c -> {
            Domain d = lookup(c, p);
            try {
                return d.isActive() == 1;
            } finally {
                LibvirtHost.free(d);
            }
        });
    }

    private record Placed(Guest guest, LibvirtHost host) {
    }

    private Placed placed(String guestId) throws DriverException {
        synchronized (lock) {
            checkOpen();
            Inventory inv = inventory;
            Guest guest = guest(inv, guestId);
            LibvirtHost host = hosts.get(inv.placement().get(guestId));
            if (host == null) {
                throw new DriverException("guest " + guest.name() + ": its host is gone");
            }
            return new Placed(guest, host);
        }
    }

    private static Guest guest(Inventory inv, String guestId) throws DriverException {
        if (guestId == null) {
            throw new DriverException("no guest given");
        }
        for (Guest g : inv.guests()) {
            if (g.id().equals(guestId)) {
                return g;
            }
        }
        throw new DriverException("unknown guest " + guestId + " (libvirt guests are identified by UUID)");
    }

    private static Domain lookup(Connect c, Placed p) throws LibvirtException, DriverException {
        try {
            return c.domainLookupByUUIDString(p.guest().id());
        } catch (LibvirtException e) {
            if (Errors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                throw new DriverException("guest " + p.guest().name() + " is no longer on host " + p.host().name());
            }
            throw e;
        }
    }

    private void refreshAndWait(LibvirtHost host) {
        try {
            host.refreshNow().get(host.settings().operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("host {}: refresh after an operation did not finish in time", host.name());
        }
    }

    private void checkOpen() throws DriverException {
        if (closed) {
            throw new DriverException("driver " + ID + " is stopped");
        }
    }

    // ------------------------------------------------------------------------------------ probe

    /**
     * CPU samples from the hosts' latest refreshes. Guests: {@code cpu.utilization} (share of their vCPUs) and
     * {@code cpu.demand} (cores used x the host's MIPS per core), on the host they are placed on. Hosts:
     * {@code cpu.utilization} and {@code cpu.demand} as shares of capacity, from the sum of the CPU time of every
     * domain active on them (libvirt-java 0.5.4 has no {@code virNodeGetCPUStats}). Offline hosts, and guests
     * without a rate yet, are left out.
     */
    public List<Sample> cpuSamples(Instant now) {
        Inventory inv = inventory;
        List<LibvirtHost> current;
        synchronized (lock) {
            current = List.copyOf(hosts.values());
        }
        List<Sample> samples = new ArrayList<>();
        for (LibvirtHost h : current) {
            HostState st = h.state();
            if (!st.online() || st.host().cpus() <= 0) {
                continue;
            }
            double cores = 0;
            boolean any = false;
            for (DomainReading r : st.domains().values()) {
                CpuRate rate = r.cpu();
                if (!r.active() || rate == null) {
                    continue;
                }
                cores += rate.cores();
                any = true;
                if (h.name().equals(inv.placement().get(r.uuid()))) {
                    Subject g = Subject.guest(r.uuid());
                    samples.add(new Sample(g, Metrics.CPU_UTILIZATION, rate.utilization(), now));
                    samples.add(new Sample(g, Metrics.CPU_DEMAND, rate.demand(st.mipsPerCore()), now));
                }
            }
            boolean idle = st.domains().values().stream().noneMatch(DomainReading::active);
            if (any || idle) {
                double share = cores / st.host().cpus();
                Subject s = Subject.host(h.name());
                samples.add(new Sample(s, Metrics.CPU_UTILIZATION, Math.min(1.0, share), now));
                samples.add(new Sample(s, Metrics.CPU_DEMAND, share, now));
            }
        }
        return samples;
    }

    // -------------------------------------------------------------------------------- lifecycle

    /**
     * Closes every host; migrations in flight are asked to abort and finish on their own threads. Returns at once.
     *
     * @return completes when every host's connection is closed
     */
    public CompletableFuture<Void> close() {
        List<LibvirtHost> all;
        synchronized (lock) {
            closed = true;
            all = List.copyOf(hosts.values());
            hosts.clear();
            running.clear();
            bound.clear();
        }
        for (LibvirtMigration m : migrations.values()) {
            m.abort("the libvirt driver is stopping");
        }
        for (LibvirtHost h : all) {
            h.close();
        }
        publish();
        return CompletableFuture.allOf(all.stream().map(LibvirtHost::closed).toArray(CompletableFuture[]::new));
    }
}
