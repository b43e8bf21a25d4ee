package org.attune.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.attune.api.policy.PlacementConstraint;

/**
 * An immutable picture of the whole cluster at one moment: hosts, guests, where each guest runs, recent
 * metric history, the migrations in flight and the placement constraints in force. This is everything a
 * {@link org.attune.api.policy.Policy} sees. Thread-safe.
 */
public final class ClusterView {

    private final Instant time;
    private final long cycle;
    private final List<Host> hosts;
    private final List<Guest> guests;
    private final Map<String, Host> hostById;
    private final Map<String, Guest> guestById;
    private final Map<String, String> placement;
    private final Map<String, List<Guest>> guestsByHost;
    private final MetricHistory metrics;
    private final Map<String, MigrationInFlight> inFlight;
    private final Set<String> pinned;
    private final List<PlacementConstraint> constraints;

    private ClusterView(Builder b) {
        this.time = b.time;
        this.cycle = b.cycle;
        this.hosts = List.copyOf(b.hosts);
        this.guests = List.copyOf(b.guests);
        this.placement = Map.copyOf(b.placement);
        this.metrics = b.metrics;
        this.inFlight = Map.copyOf(b.inFlight);
        this.pinned = Set.copyOf(b.pinned);
        this.constraints = List.copyOf(b.constraints);
        Map<String, Host> hostIndex = new HashMap<>(hosts.size() * 2);
        for (Host h : hosts) {
            if (hostIndex.put(h.id(), h) != null) {
                throw new IllegalArgumentException("duplicate host id " + h.id());
            }
        }
        Map<String, Guest> guestIndex = new HashMap<>(guests.size() * 2);
        for (Guest g : guests) {
            if (guestIndex.put(g.id(), g) != null) {
                throw new IllegalArgumentException("duplicate guest id " + g.id());
            }
        }
        Map<String, List<Guest>> byHost = new HashMap<>(hosts.size() * 2);
        for (Host h : hosts) {
            byHost.put(h.id(), new ArrayList<>());
        }
        for (Map.Entry<String, String> e : placement.entrySet()) {
            Guest g = guestIndex.get(e.getKey());
            List<Guest> onHost = byHost.get(e.getValue());
            if (g == null) {
                throw new IllegalArgumentException("placement names unknown guest " + e.getKey());
            }
            if (onHost == null) {
                throw new IllegalArgumentException("guest " + g.name() + " is placed on unknown host " + e.getValue());
            }
            onHost.add(g);
        }
        byHost.replaceAll((k, v) -> Collections.unmodifiableList(v));
        this.hostById = Collections.unmodifiableMap(hostIndex);
        this.guestById = Collections.unmodifiableMap(guestIndex);
        this.guestsByHost = Collections.unmodifiableMap(byHost);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this view's content. */
    public Builder toBuilder() {
        return new Builder().time(time).cycle(cycle).hosts(hosts).guests(guests).placement(placement)
                .metrics(metrics).inFlight(inFlight.values()).pinned(pinned).constraints(constraints);
    }

    /** The moment the view describes; policies use it instead of a clock. */
    public Instant time() {
        return time;
    }

    /** The orchestrator cycle the view was built for (0 outside the loop). */
    public long cycle() {
        return cycle;
    }

    public List<Host> hosts() {
        return hosts;
    }

    public List<Guest> guests() {
        return guests;
    }

    public Optional<Host> host(String hostId) {
        return Optional.ofNullable(hostById.get(hostId));
    }

    public Optional<Guest> guest(String guestId) {
        return Optional.ofNullable(guestById.get(guestId));
    }

    /** Guest id to host id. */
    public Map<String, String> placement() {
        return placement;
    }

    /** The host the guest runs on, or null when the guest is unknown. */
    public String hostOf(String guestId) {
        return placement.get(guestId);
    }

    /** The guests on a host; empty for an unknown host. */
    public List<Guest> guestsOn(String hostId) {
        return guestsByHost.getOrDefault(hostId, List.of());
    }

    public MetricHistory metrics() {
        return metrics;
    }

    /** Migrations in flight, by guest id. */
    public Map<String, MigrationInFlight> inFlight() {
        return inFlight;
    }

    /** Guests the orchestrator will not move now (a migration in flight, or cooling down after one). */
    public Set<String> pinned() {
        return pinned;
    }

    /** The placement constraints in force; every plan must honour the hard ones. @since 1.2 */
    public List<PlacementConstraint> constraints() {
        return constraints;
    }

    public boolean isPinned(String guestId) {
        return pinned.contains(guestId) || inFlight.containsKey(guestId);
    }

    /** True when a guest may be migrated between these hosts: both exist and belong to the same driver. */
    public boolean sameDriver(String hostA, String hostB) {
        Host a = hostById.get(hostA);
        Host b = hostById.get(hostB);
        return a != null && b != null && a.driverId().equals(b.driverId());
    }

    /** Newest CPU demand of a guest in capacity units, 0 when unmeasured. */
    public double guestCpuDemand(String guestId) {
        return metrics.latest(Subject.guest(guestId), Metrics.CPU_DEMAND, 0);
    }

    /** Newest CPU demand of a host as a share of its capacity (may exceed 1), from its guests' demands
     *  when the host itself has no such sample. */
    public double hostCpuDemand(String hostId) {
        Series own = metrics.series(Subject.host(hostId), Metrics.CPU_DEMAND);
        if (!own.isEmpty()) {
            return own.latest(0);
        }
        Host h = hostById.get(hostId);
        if (h == null || h.cpuCapacity() <= 0) {
            return 0;
        }
        double sum = 0;
        for (Guest g : guestsOn(hostId)) {
            sum += guestCpuDemand(g.id());
        }
        return sum / h.cpuCapacity();
    }

    /** Memory of the guests placed on a host, plus guests migrating to it. */
    public long memoryCommitted(String hostId) {
        long sum = 0;
        for (Guest g : guestsOn(hostId)) {
            sum += g.memoryMiB();
        }
        for (MigrationInFlight m : inFlight.values()) {
            if (m.toHostId().equals(hostId)) {
                Guest g = guestById.get(m.guestId());
                sum += g == null ? 0 : g.memoryMiB();
            }
        }
        return sum;
    }

    /** Builds {@link ClusterView}s. Not thread-safe. */
    public static final class Builder {
        private Instant time = Instant.EPOCH;
        private long cycle;
        private Collection<Host> hosts = List.of();
        private Collection<Guest> guests = List.of();
        private Map<String, String> placement = Map.of();
        private MetricHistory metrics = MetricHistory.EMPTY;
        private Map<String, MigrationInFlight> inFlight = Map.of();
        private Set<String> pinned = Set.of();
        private List<PlacementConstraint> constraints = List.of();

        private Builder() {
        }

        public Builder time(Instant value) {
            this.time = value;
            return this;
        }

        public Builder cycle(long value) {
            this.cycle = value;
            return this;
        }

        public Builder hosts(Collection<Host> value) {
            this.hosts = value;
            return this;
        }

        public Builder guests(Collection<Guest> value) {
            this.guests = value;
            return this;
        }

        public Builder placement(Map<String, String> value) {
            this.placement = value;
            return this;
        }

        public Builder metrics(MetricHistory value) {
            this.metrics = value;
            return this;
        }

        public Builder inFlight(Collection<MigrationInFlight> value) {
            Map<String, MigrationInFlight> byGuest = new HashMap<>();
            for (MigrationInFlight m : value) {
                byGuest.put(m.guestId(), m);
            }
            this.inFlight = byGuest;
            return this;
        }

        public Builder pinned(Set<String> value) {
            this.pinned = value;
            return this;
        }

        /** @since 1.2 */
        public Builder constraints(List<PlacementConstraint> value) {
            this.constraints = value;
            return this;
        }

        /** @throws IllegalArgumentException when ids repeat or the placement names unknown guests or hosts */
        public ClusterView build() {
            return new ClusterView(this);
        }
    }
}
