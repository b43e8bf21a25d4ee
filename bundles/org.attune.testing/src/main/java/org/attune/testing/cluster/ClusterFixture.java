package org.attune.testing.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.Plan;

/**
 * A cluster described by hand, for policy tests: hosts, guests with their demand histories, where each runs,
 * migrations in flight, pinned guests, placement constraints and any other metric history; {@link #view()} gives the
 * {@link ClusterView} a policy sees. Unless changed with {@link #hosts}, {@link #guests}, {@link #sampleInterval} and
 * {@link #time}: hosts of 2000 MIPS on 2 cores with 4096 MiB, ON, ONLINE, of driver {@code d}, with
 * {@link PowerProfile#UNKNOWN}; guests of 1 vCPU and 512 MiB, no tier, RUNNING; histories one sample a second, the
 * newest at the view's time; the view at the epoch.
 *
 * <pre>{@code
 * ClusterView view = ClusterFixture.create()
 *         .host("host1", 1.0, 1.05, 1.05).host("host2", 0.4, 0.4, 0.4)          // CPU demand shares, oldest first
 *         .guest("app1", "host1", 1000).guest("big", "host2", g -> g.memory(3200), 0)
 *         .migrating("big", "host1", 0.5).constraint(TestConstraints.apart("app1", "big", true))
 *         .view();
 * }</pre>
 *
 * Histories are kept as values and turned into {@link Series} by {@link #view()}, so {@link #time} and
 * {@link #sampleInterval} may be set at any point. Mutable and reusable: each {@link #view()} is a snapshot. Not
 * thread-safe.
 */
public final class ClusterFixture {

    /** A host's attributes; the defaults for new hosts, or one host's own. Not thread-safe. */
    public static final class HostOptions {
        private double capacity = 2000;
        private int cpus = 2;
        private long memoryMiB = 4096;
        private PowerState power = PowerState.ON;
        private Availability availability = Availability.ONLINE;
        private String detail = "";
        private String driver = "d";
        private PowerProfile profile = PowerProfile.UNKNOWN;

        private HostOptions() {
        }

        private HostOptions copy() {
            HostOptions o = new HostOptions();
            o.capacity = capacity;
            o.cpus = cpus;
            o.memoryMiB = memoryMiB;
            o.power = power;
            o.availability = availability;
            o.detail = detail;
            o.driver = driver;
            o.profile = profile;
            return o;
        }

        /** CPU capacity, MIPS (all cores together). */
        public HostOptions capacity(double mips) {
            capacity = mips;
            return this;
        }

        public HostOptions cpus(int value) {
            cpus = value;
            return this;
        }

        public HostOptions memory(long miB) {
            memoryMiB = miB;
            return this;
        }

        public HostOptions power(PowerState value) {
            power = Objects.requireNonNull(value);
            return this;
        }

        public HostOptions availability(Availability value, String why) {
            availability = Objects.requireNonNull(value);
            detail = why;
            return this;
        }

        /** The id of the driver that owns the host; guests move only between hosts of one driver. */
        public HostOptions driver(String id) {
            driver = Objects.requireNonNull(id);
            return this;
        }

        public HostOptions profile(PowerProfile value) {
            profile = Objects.requireNonNull(value);
            return this;
        }

        /** The power profile booting in {@code time}, at its boot watts. */
        public HostOptions bootTime(Duration time) {
            profile = profile.withBoot(time, profile.bootWatts());
            return this;
        }

        private Host host(String id) {
            return new Host(id, id, driver, capacity, cpus, memoryMiB, power, availability, detail, profile);
        }
    }

    /** A guest's attributes; the defaults for new guests, or one guest's own. Not thread-safe. */
    public static final class GuestOptions {
        private int vcpus = 1;
        private long memoryMiB = 512;
        private String tier = "";
        private Map<String, String> labels = Map.of();
        private String mac = "";
        private GuestState state = GuestState.RUNNING;

        private GuestOptions() {
        }

        private GuestOptions copy() {
            GuestOptions o = new GuestOptions();
            o.vcpus = vcpus;
            o.memoryMiB = memoryMiB;
            o.tier = tier;
            o.labels = labels;
            o.mac = mac;
            o.state = state;
            return o;
        }

        public GuestOptions vcpus(int value) {
            vcpus = value;
            return this;
        }

        public GuestOptions memory(long miB) {
            memoryMiB = miB;
            return this;
        }

        public GuestOptions tier(String value) {
            tier = value;
            return this;
        }

        public GuestOptions labels(Map<String, String> value) {
            labels = Map.copyOf(value);
            return this;
        }

        public GuestOptions mac(String value) {
            mac = value;
            return this;
        }

        public GuestOptions state(GuestState value) {
            state = Objects.requireNonNull(value);
            return this;
        }

        private Guest guest(String id) {
            return new Guest(id, id, vcpus, memoryMiB, mac, tier, labels, state);
        }
    }

    private HostOptions hostDefaults = new HostOptions();
    private GuestOptions guestDefaults = new GuestOptions();
    private Duration sampleInterval = Duration.ofSeconds(1);
    private Instant time = Instant.EPOCH;
    private long cycle;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, Guest> guests = new LinkedHashMap<>();
    private final Map<String, String> placement = new LinkedHashMap<>();
    private final Histories histories = new Histories();
    private final Map<String, MigrationInFlight> inFlight = new LinkedHashMap<>();
    private final Set<String> pinned = new LinkedHashSet<>();
    private final List<PlacementConstraint> constraints = new ArrayList<>();

    private ClusterFixture() {
    }

    /** An empty cluster with the defaults above. */
    public static ClusterFixture create() {
        return new ClusterFixture();
    }

    /** Changes the defaults of hosts added from now on, e.g. {@code hosts(h -> h.capacity(1000).cpus(1))}. */
    public ClusterFixture hosts(Consumer<HostOptions> defaults) {
        HostOptions o = hostDefaults.copy();
        defaults.accept(o);
        hostDefaults = o;
        return this;
    }

    /** Changes the defaults of guests added from now on, e.g. {@code guests(g -> g.vcpus(2).tier("app"))}. */
    public ClusterFixture guests(Consumer<GuestOptions> defaults) {
        GuestOptions o = guestDefaults.copy();
        defaults.accept(o);
        guestDefaults = o;
        return this;
    }

    /** Time between two samples of every history given as values (1 s unless set). */
    public ClusterFixture sampleInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sample interval must be positive, was " + interval);
        }
        sampleInterval = interval;
        return this;
    }

    /** The view's time, when the newest sample of every history given as values was taken (the epoch unless set). */
    public ClusterFixture time(Instant value) {
        time = Objects.requireNonNull(value);
        return this;
    }

    /** The orchestrator cycle the view stands for (0 unless set). */
    public ClusterFixture cycle(long value) {
        cycle = value;
        return this;
    }

    /**
     * A host with the defaults.
     *
     * @param cpuDemandShares its {@code cpu.demand} history, shares of its capacity, oldest first; none: no history
     */
    public ClusterFixture host(String id, double... cpuDemandShares) {
        return host(id, o -> { }, cpuDemandShares);
    }

    /** A host with the defaults changed by {@code options}, e.g. {@code host("off", h -> h.power(OFF))}. */
    public ClusterFixture host(String id, Consumer<HostOptions> options, double... cpuDemandShares) {
        if (hosts.containsKey(id)) {
            throw new IllegalArgumentException("host " + id + " is already there");
        }
        HostOptions o = hostDefaults.copy();
        options.accept(o);
        hosts.put(id, o.host(id));
        if (cpuDemandShares.length > 0) {
            history(Subject.host(id), Metrics.CPU_DEMAND, cpuDemandShares);
        }
        return this;
    }

    /**
     * A guest with the defaults, placed on {@code hostId}.
     *
     * @param cpuDemand its {@code cpu.demand} history in MIPS, oldest first; the last value is its demand now; none:
     *                  no samples (an unmeasured guest)
     */
    public ClusterFixture guest(String id, String hostId, double... cpuDemand) {
        return guest(id, hostId, o -> { }, cpuDemand);
    }

    /** A guest with the defaults changed by {@code options}, e.g. {@code guest("big", "h1", g -> g.memory(3200), 0)}. */
    public ClusterFixture guest(String id, String hostId, Consumer<GuestOptions> options, double... cpuDemand) {
        if (guests.containsKey(id)) {
            throw new IllegalArgumentException("guest " + id + " is already there");
        }
        GuestOptions o = guestDefaults.copy();
        options.accept(o);
        guests.put(id, o.guest(id));
        placement.put(id, Objects.requireNonNull(hostId, "hostId"));
        if (cpuDemand.length > 0) {
            history(Subject.guest(id), Metrics.CPU_DEMAND, cpuDemand);
        }
        return this;
    }

    /** The bytes per second guest {@code from} sends to guest {@code to} ({@code net.traffic.to:<to>}), oldest first. */
    public ClusterFixture sends(String from, String to, double... bytesPerSecond) {
        return history(Subject.guest(from), Metrics.traffic(to), bytesPerSecond);
    }

    /** A tier's request rate ({@code request.rate} of the tier, as the HTTP probe publishes it), oldest first. */
    public ClusterFixture requestRate(String tier, double... requestsPerSecond) {
        return history(Subject.tier(tier), Metrics.REQUEST_RATE, requestsPerSecond);
    }

    /** Any metric's history, oldest first, one sample per {@link #sampleInterval}, the newest at the view's time. */
    public ClusterFixture history(Subject subject, String metric, double... values) {
        histories.values(subject, metric, values);
        return this;
    }

    /** Any metric's history as a series of its own (irregular samples, times of their own). */
    public ClusterFixture history(Subject subject, String metric, Series values) {
        histories.series(subject, metric, values);
        return this;
    }

    /** Puts a guest on a host (e.g. once a migration is done). */
    public ClusterFixture place(String guestId, String hostId) {
        requireGuest(guestId);
        placement.put(guestId, hostId);
        return this;
    }

    /** Sets a host's power state. */
    public ClusterFixture power(String hostId, PowerState power) {
        hosts.put(hostId, requireHost(hostId).withPower(power));
        return this;
    }

    /**
     * A migration of the guest from where it is to {@code toHostId}, in flight since the view's time (the guest stays
     * placed on its source until {@link #arrived}).
     *
     * @param fractionDone 0..1, or -1 when unknown
     */
    public ClusterFixture migrating(String guestId, String toHostId, double fractionDone) {
        requireGuest(guestId);
        inFlight.put(guestId, new MigrationInFlight(guestId, placement.get(guestId), toHostId, time, fractionDone));
        return this;
    }

    /** The guest's migration in flight ended: it is on its target. */
    public ClusterFixture arrived(String guestId) {
        MigrationInFlight m = inFlight.remove(guestId);
        if (m == null) {
            throw new IllegalArgumentException("guest " + guestId + " has no migration in flight");
        }
        placement.put(guestId, m.toHostId());
        return this;
    }

    /** Guests the orchestrator will not move now. */
    public ClusterFixture pin(String... guestIds) {
        pinned.addAll(Arrays.asList(guestIds));
        return this;
    }

    public ClusterFixture constraint(PlacementConstraint... rules) {
        constraints.addAll(Arrays.asList(rules));
        return this;
    }

    /**
     * Carries a plan out the way the orchestrator would once it is done: each guest on its target, each host powered
     * off OFF, each host powered on BOOTING.
     */
    public ClusterFixture apply(Plan plan) {
        for (Action a : plan.actions()) {
            if (a instanceof Action.Migrate m) {
                place(m.guestId(), m.toHostId());
            } else if (a instanceof Action.PowerOff off) {
                power(off.hostId(), PowerState.OFF);
            } else if (a instanceof Action.PowerOn on) {
                power(on.hostId(), PowerState.BOOTING);
            }
        }
        return this;
    }

    /** The hosts so far, in the order they were added. */
    public List<Host> hostList() {
        return List.copyOf(hosts.values());
    }

    /** The guests so far, in the order they were added. */
    public List<Guest> guestList() {
        return List.copyOf(guests.values());
    }

    /**
     * The view a policy sees now.
     *
     * @throws IllegalArgumentException when a guest is placed on a host that is not there
     */
    public ClusterView view() {
        return ClusterView.builder().time(time).cycle(cycle).hosts(hosts.values()).guests(guests.values())
                .placement(placement).metrics(histories.at(time, sampleInterval)).inFlight(inFlight.values())
                .pinned(pinned).constraints(constraints).build();
    }

    private Host requireHost(String hostId) {
        Host h = hosts.get(hostId);
        if (h == null) {
            throw new IllegalArgumentException("no host " + hostId + " (hosts: " + hosts.keySet() + ")");
        }
        return h;
    }

    private void requireGuest(String guestId) {
        if (!guests.containsKey(guestId)) {
            throw new IllegalArgumentException("no guest " + guestId + " (guests: " + guests.keySet() + ")");
        }
    }
}
