package org.attune.driver.sim;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.attune.api.driver.HypervisorDriver;
import org.attune.api.power.PowerController;
import org.attune.api.probe.Probe;
import org.attune.driver.sim.internal.config.Definition;
import org.attune.driver.sim.internal.config.GuestConfiguration;
import org.attune.driver.sim.internal.config.HostConfiguration;
import org.attune.driver.sim.internal.config.SimDefinitions;
import org.attune.driver.sim.internal.config.SimScenario;
import org.attune.driver.sim.internal.config.TypedConfig;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.engine.SimPowerController;
import org.attune.driver.sim.internal.engine.SimProbe;
import org.attune.driver.sim.internal.engine.SimTrafficProbe;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.driver.sim.internal.workload.WorkloadParser;

/**
 * The simulated cluster without OSGi: the same engine, driver, probes and power switch the bundle registers, built
 * from a scenario directory of the driver's .cfg files ({@link #load}) or in code with the same keys
 * ({@link #builder()}), on a clock of the caller's choosing. Simulated time moves only when {@link #advance()} or
 * {@link #advanceTo(Instant)} is called; with a {@link VirtualClock} a run is deterministic.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
 * StandaloneSimCluster sim = StandaloneSimCluster.builder().clock(clock)
 *         .host("h1", "cpus = 2", "coreMips = 1000", "bootTime = 60s")
 *         .guest("web", "host = h1", "vcpus = 1", "workload = ramp 100 900 duration=600s", "traffic = db:2M")
 *         .build();
 * orchestrator.addDriver(sim.driver(), StandaloneSimCluster.DRIVER_TYPE);
 * sim.probes().forEach(orchestrator::addProbe);
 * orchestrator.addPowerController(sim.powerController());
 * clock.advance(Duration.ofSeconds(10));
 * sim.advance();
 * }</pre>
 *
 * See the package documentation for threading, blocking and errors.
 */
public final class StandaloneSimCluster {

    /** What the driver's {@link HypervisorDriver#TYPE} service property says: {@code sim}. */
    public static final String DRIVER_TYPE = SimCluster.TYPE;

    private final SimCluster cluster;
    private final SimProbe probe;
    private final SimTrafficProbe trafficProbe;
    private final SimPowerController powerController;

    private StandaloneSimCluster(SimCluster cluster, SimTrafficProbe trafficProbe) {
        this.cluster = cluster;
        this.probe = new SimProbe(cluster);
        this.trafficProbe = trafficProbe;
        this.powerController = new SimPowerController(cluster);
    }

    /**
     * The scenario in {@code directory}, as the bundle would run it from {@code etc/}: the optional
     * {@code org.attune.driver.sim.cfg} (its id and {@code maxStep}; speed-up, tick and clock are for Karaf), one
     * {@code org.attune.driver.sim.host-<name>.cfg} per host and one {@code org.attune.driver.sim.guest-<name>.cfg}
     * per guest. As in Karaf, a host or guest whose file is wrong is left out and listed in {@link #problems()}, and
     * relative trace paths in workloads resolve against the directory. Simulated time starts at
     * {@code clock.instant()}.
     *
     * @throws IOException when the directory or one of its files cannot be read
     */
    public static StandaloneSimCluster load(Path directory, Clock clock) throws IOException {
        Objects.requireNonNull(clock, "clock");
        SimCluster cluster = SimScenario.cluster(directory, clock, null);
        SimTrafficProbe traffic = new SimTrafficProbe(cluster);
        SimScenario.define(directory, cluster, traffic);
        return new StandaloneSimCluster(cluster, traffic);
    }

    /** A cluster built in code. */
    public static Builder builder() {
        return new Builder();
    }

    /** The driver id its hosts report ({@code sim} unless set). */
    public String id() {
        return cluster.id();
    }

    /** The cluster as a {@link HypervisorDriver}: inventory, status, migrations, starting and stopping guests. */
    public HypervisorDriver driver() {
        return cluster;
    }

    /**
     * The probe {@code sim}: per host {@code cpu.utilization}, {@code cpu.demand} (share of capacity) and
     * {@code power.watts}; per guest {@code cpu.demand} (MIPS) and {@code cpu.utilization}.
     */
    public Probe probe() {
        return probe;
    }

    /** The probe {@code sim-traffic}: what each guest's {@code traffic} key says it sends to its peers. */
    public Probe trafficProbe() {
        return trafficProbe;
    }

    /** {@link #probe()} and {@link #trafficProbe()}, the probes the bundle registers. */
    public List<Probe> probes() {
        return List.of(probe, trafficProbe);
    }

    /** The cluster's own power switch for its hosts (power-on boots for the host's boot time). */
    public PowerController powerController() {
        return powerController;
    }

    /** Moves the simulation to its clock's time. */
    public void advance() {
        cluster.advance();
    }

    /**
     * Moves the simulation to {@code time}, event by event; nothing happens when {@code time} is not after the
     * simulation's time. Migrations that end meanwhile complete (their results and listeners) before this returns.
     */
    public void advanceTo(Instant time) {
        cluster.advanceTo(Objects.requireNonNull(time, "time"));
    }

    /** When simulated time started. */
    public Instant start() {
        return cluster.start();
    }

    /** The simulated time the simulation has reached. */
    public Instant now() {
        return cluster.now();
    }

    /** Every host and guest as of {@link #now()}. */
    public SimReadings readings() {
        return cluster.readings();
    }

    /** @throws IllegalArgumentException when the host is unknown, naming the hosts there are */
    public HostReading host(String hostId) {
        return cluster.hostReading(hostId);
    }

    /** @param guestIdOrName the guest's id (UUID) or name; @throws IllegalArgumentException when it is unknown */
    public GuestReading guest(String guestIdOrName) {
        return cluster.guestReading(guestIdOrName);
    }

    /** The host a guest (id or name) runs on (its source while it migrates); null when the guest is unknown. */
    public String hostOf(String guestIdOrName) {
        return cluster.hostOf(guestIdOrName);
    }

    /** Energy, work and migrations since the start, hosts and guests that left included. */
    public SimTotals totals() {
        return cluster.totals();
    }

    /** What the driver's status lists: definitions left out or waiting (unknown host, no room, bad value). */
    public List<String> problems() {
        return cluster.problems();
    }

    @Override
    public String toString() {
        return "Standalone" + cluster;
    }

    /**
     * Builds a cluster in code. Hosts and guests take the keys of the driver's host and guest files, one
     * {@code key = value} line each (the .cfg syntax; the bundle's README lists the keys and the workload syntax); a
     * key left out has the file's default. Hosts are added before guests, in the order given. Not thread-safe.
     */
    public static final class Builder {

        private Clock clock;
        private String id = SimCluster.DEFAULT_ID;
        private Duration maxStep = SimCluster.DEFAULT_MAX_STEP;
        private final List<HostSpec> hosts = new ArrayList<>();
        private final List<SimDefinitions.GuestWithTraffic> guests = new ArrayList<>();
        private final WorkloadParser parser = new WorkloadParser();

        private Builder() {
        }

        /** The clock simulated time follows; required. Simulated time starts at its time when built. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The driver id ({@code sim} unless set). */
        public Builder id(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("driver id must not be blank");
            }
            id = value.trim();
            return this;
        }

        /**
         * How long, simulated, a workload that changes continuously ({@code sine}, {@code ramp}, {@code points}) is
         * held between two samples (1 s unless set); piecewise-constant ones are taken exactly when they change.
         */
        public Builder maxStep(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("maxStep must be positive, was " + value);
            }
            maxStep = value;
            return this;
        }

        /**
         * A host, e.g. {@code host("h1", "cpus = 2", "coreMips = 1000", "memoryMiB = 4096", "bootTime = 60s")}.
         *
         * @param name       the host's name (also its id), unless a {@code name} key says otherwise
         * @param properties {@code key = value} lines of a host file
         * @throws IllegalArgumentException naming the key when a value cannot be read or is out of range
         */
        public Builder host(String name, String... properties) {
            Definition<HostSpec> d = SimDefinitions.host("host " + name, name,
                    TypedConfig.of(HostConfiguration.class, properties(properties)));
            hosts.add(valid(d));
            return this;
        }

        /**
         * A guest, e.g. {@code guest("web", "host = h1", "vcpus = 2", "workload = constant 800", "traffic = db:2M")}.
         * Relative trace paths resolve against the working directory.
         *
         * @param name       the guest's name, unless a {@code name} key says otherwise
         * @param properties {@code key = value} lines of a guest file; {@code host} (its initial host) is required
         * @throws IllegalArgumentException naming the key when a value, the workload or the traffic cannot be read
         */
        public Builder guest(String name, String... properties) {
            SimDefinitions.GuestWithTraffic d = SimDefinitions.guestWithTraffic("guest " + name, name,
                    TypedConfig.of(GuestConfiguration.class, properties(properties)), parser);
            valid(d.definition());
            guests.add(d);
            return this;
        }

        /**
         * The cluster, with every host and guest added. A guest that is well defined but cannot start now (its host
         * unknown or off, no room, a name already used) waits for it as the driver's guests do, listed in
         * {@link StandaloneSimCluster#problems()}.
         *
         * @throws IllegalStateException when no clock was given
         */
        public StandaloneSimCluster build() {
            if (clock == null) {
                throw new IllegalStateException("a simulated cluster needs a clock: call clock(...) first");
            }
            SimCluster cluster = new SimCluster(id, clock, maxStep);
            SimTrafficProbe traffic = new SimTrafficProbe(cluster);
            hosts.forEach(cluster::addHost);
            for (SimDefinitions.GuestWithTraffic g : guests) {
                GuestSpec spec = g.definition().spec();
                String source = g.definition().source();
                cluster.addGuest(source, spec);
                traffic.define(source, spec.name(), g.traffic());
            }
            return new StandaloneSimCluster(cluster, traffic);
        }

        private static <T> T valid(Definition<T> d) {
            if (!d.isValid()) {
                throw new IllegalArgumentException(d.problem());
            }
            return d.spec();
        }

        private static Map<String, String> properties(String... lines) {
            try {
                return SimScenario.read(new StringReader(String.join("\n", lines)));
            } catch (IOException e) {
                // A StringReader does not fail.
                throw new UncheckedIOException(e);
            }
        }
    }
}
