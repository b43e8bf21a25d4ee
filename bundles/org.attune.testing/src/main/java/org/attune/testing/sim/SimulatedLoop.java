package org.attune.testing.sim;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Function;

import org.attune.api.Guest;
import org.attune.api.driver.Inventory;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.policy.Policy;
import org.attune.driver.sim.HostReading;
import org.attune.driver.sim.StandaloneSimCluster;
import org.attune.driver.sim.VirtualClock;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.attune.orchestrator.standalone.StandaloneOrchestrator;

/**
 * A policy in the real control loop on a simulated cluster, in virtual time: a {@link VirtualClock}, a
 * {@link StandaloneSimCluster} on it, and a {@link StandaloneOrchestrator} on the same clock (with
 * {@link StandaloneOrchestrator.Builder#manualPendingActions()}) that has the cluster's driver, probes and power
 * controller and the policies given. {@link #runCycle()} moves the clock one cycle in fixed steps, advancing the
 * cluster at each step, then runs one orchestrator cycle; it records one timeline line per cycle.
 *
 * <pre>{@code
 * try (SimulatedLoop loop = SimulatedLoop.builder()
 *         .cluster(StandaloneSimCluster.builder().host("h1", "cpus = 1").guest("a", "host = h1"))
 *         .settings(OrchestratorSettings.defaults().withPolicy("consolidation"))
 *         .policy(new ConsolidationPolicy(ConsolidationSettings.defaults()), "consolidation")
 *         .step(Duration.ofSeconds(1)).cycle(Duration.ofSeconds(10)).build()) {
 *     loop.runCycles(40);
 *     assertThat(loop.failures()).as("timeline %s", loop.timeline()).isEmpty();
 * }
 * }</pre>
 *
 * <p>At each step, unless told otherwise, the orchestrator looks at its pending (deferred) actions again, as it does
 * on its own when a migration ends in real time: a plan's later moves start as soon as the earlier ones are done.
 * After each orchestrator call the loop waits (with Awaitility, at most 5 s of wall time) until the power actions it
 * started are done, so that simulated time never moves on under them.
 *
 * <p>Not thread-safe: one test drives it. {@link #close()} stops the orchestrator.
 */
public final class SimulatedLoop implements AutoCloseable {

    /** Where simulated time starts unless {@link Builder#start} says otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    /** What no run should journal: failed or aborted actions, policy and probe errors. */
    public static final Set<Kind> FAILURES = EnumSet.of(Kind.ACTION_FAILED, Kind.ACTION_ABORTED, Kind.ERROR,
            Kind.PROBE_ERROR);

    private static final Duration POWER_ACTION_WAIT = Duration.ofSeconds(5);

    private final VirtualClock clock;
    private final StandaloneSimCluster cluster;
    private final StandaloneOrchestrator orchestrator;
    private final Duration step;
    private final long stepsPerCycle;
    private final boolean pendingActionsEveryStep;
    private final List<Consumer<SimulatedLoop>> stepListeners;
    private final Function<SimulatedLoop, String> describe;
    private final List<String> timeline = new ArrayList<>();
    private long cycles;

    private SimulatedLoop(Builder b) {
        this.clock = new VirtualClock(b.start);
        try {
            this.cluster = b.scenario != null ? StandaloneSimCluster.load(b.scenario, clock)
                    : b.cluster.clock(clock).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the scenario " + b.scenario, e);
        }
        cluster.advance();
        this.step = b.step;
        this.stepsPerCycle = b.cycle.dividedBy(b.step);
        this.pendingActionsEveryStep = b.pendingActionsEveryStep;
        this.stepListeners = List.copyOf(b.stepListeners);
        this.describe = b.describe;
        this.orchestrator = StandaloneOrchestrator.builder().settings(b.settings).clock(clock).manualPendingActions()
                .build();
        orchestrator.addDriver(cluster.driver(), StandaloneSimCluster.DRIVER_TYPE);
        cluster.probes().forEach(orchestrator::addProbe);
        orchestrator.addPowerController(cluster.powerController());
        b.policies.forEach((name, policy) -> orchestrator.addPolicy(policy, name));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The clock of the cluster and of the orchestrator (its journal carries simulated times). */
    public VirtualClock clock() {
        return clock;
    }

    public StandaloneSimCluster cluster() {
        return cluster;
    }

    public StandaloneOrchestrator orchestrator() {
        return orchestrator;
    }

    /** When simulated time started. */
    public Instant start() {
        return cluster.start();
    }

    /** Simulated time since the start. */
    public Duration elapsed() {
        return Duration.between(start(), clock.instant());
    }

    /** Cycles run so far. */
    public long cycles() {
        return cycles;
    }

    /**
     * Moves the clock one cycle, step by step: each step advances the cluster, lets the orchestrator look at its
     * pending actions (unless built with {@link Builder#pendingActionsOnlyAtCycles()}) and calls the step listeners;
     * then runs one orchestrator cycle and adds a line to the timeline.
     */
    public void runCycle() {
        for (long i = 0; i < stepsPerCycle; i++) {
            clock.advance(step);
            cluster.advance();
            if (pendingActionsEveryStep) {
                orchestrator.processPendingActions();
                awaitPowerActions();
            }
            stepListeners.forEach(l -> l.accept(this));
        }
        orchestrator.runCycle();
        awaitPowerActions();
        cycles++;
        timeline.add(elapsed().toSeconds() + "s " + describe.apply(this));
    }

    /** {@link #runCycle()} {@code n} times. */
    public void runCycles(int n) {
        for (int i = 0; i < n; i++) {
            runCycle();
        }
    }

    /** {@link #runCycle()} until {@code length} of simulated time has passed since the start. */
    public void runFor(Duration length) {
        while (elapsed().compareTo(length) < 0) {
            runCycle();
        }
    }

    /** One line per cycle: the seconds since the start and what the timeline function says (see the builder). */
    public List<String> timeline() {
        return List.copyOf(timeline);
    }

    /** The whole journal, oldest first. */
    public List<JournalEntry> journal() {
        return orchestrator.journal(JournalQuery.all());
    }

    /** The journal's entries of these kinds, oldest first. */
    public List<JournalEntry> journal(Kind first, Kind... more) {
        return orchestrator.journal(JournalQuery.all().ofKinds(EnumSet.of(first, more)));
    }

    /** The journal's entries {@link #FAILURES} lists: none in a run that went well. */
    public List<JournalEntry> failures() {
        return orchestrator.journal(JournalQuery.all().ofKinds(FAILURES));
    }

    /** Each host's power, CPU demand (share of capacity) and guests by name, e.g. {@code h1 ON 80% [a, b]}. */
    public String describeHosts() {
        Inventory inventory = cluster.driver().inventory();
        Map<String, List<String>> guestsByHost = new LinkedHashMap<>();
        for (Guest g : inventory.guests()) {
            guestsByHost.computeIfAbsent(inventory.placement().get(g.id()), h -> new ArrayList<>()).add(g.name());
        }
        StringJoiner line = new StringJoiner("  ");
        for (HostReading h : cluster.readings().hosts()) {
            line.add(String.format(Locale.ROOT, "%s %s %.0f%% %s", h.hostId(), h.power(), 100 * h.demandShare(),
                    guestsByHost.getOrDefault(h.hostId(), List.of())));
        }
        return line.toString();
    }

    /** Stops the orchestrator. */
    @Override
    public void close() {
        orchestrator.stop();
    }

    private void awaitPowerActions() {
        // A power action runs on the orchestrator's worker; simulated time must not move on before it ended (its
        // journal line is written before the orchestrator lets go of the host).
        if (!orchestrator.powerActionsInProgress().isEmpty()) {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(POWER_ACTION_WAIT)
                    .until(() -> orchestrator.powerActionsInProgress().isEmpty());
        }
    }

    /** Builds a {@link SimulatedLoop}. Not thread-safe. */
    public static final class Builder {
        private Instant start = DEFAULT_START;
        private StandaloneSimCluster.Builder cluster;
        private Path scenario;
        private OrchestratorSettings settings = OrchestratorSettings.defaults();
        private final Map<String, Policy> policies = new LinkedHashMap<>();
        private Duration step = Duration.ofSeconds(1);
        private Duration cycle = Duration.ofSeconds(10);
        private boolean pendingActionsEveryStep = true;
        private final List<Consumer<SimulatedLoop>> stepListeners = new ArrayList<>();
        private Function<SimulatedLoop, String> describe = SimulatedLoop::describeHosts;

        private Builder() {
        }

        /** Where simulated time starts ({@link SimulatedLoop#DEFAULT_START} unless set). */
        public Builder start(Instant value) {
            start = Objects.requireNonNull(value);
            return this;
        }

        /** The cluster, defined in code; the loop gives it its clock. */
        public Builder cluster(StandaloneSimCluster.Builder value) {
            cluster = Objects.requireNonNull(value);
            scenario = null;
            return this;
        }

        /** The cluster, loaded from a scenario directory of the simulated driver's .cfg files. */
        public Builder scenario(Path directory) {
            scenario = Objects.requireNonNull(directory);
            cluster = null;
            return this;
        }

        /** The orchestrator's settings ({@link OrchestratorSettings#defaults()} unless set). */
        public Builder settings(OrchestratorSettings value) {
            settings = Objects.requireNonNull(value);
            return this;
        }

        /** A policy, bound under {@code name}; the settings' policy is the active one. */
        public Builder policy(Policy policy, String name) {
            policies.put(Objects.requireNonNull(name), Objects.requireNonNull(policy));
            return this;
        }

        /** How far the clock moves between two advances of the cluster (1 s unless set). */
        public Builder step(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("step must be positive, was " + value);
            }
            step = value;
            return this;
        }

        /** Simulated time between two orchestrator cycles, a whole number of steps (10 s unless set). */
        public Builder cycle(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("cycle must be positive, was " + value);
            }
            cycle = value;
            return this;
        }

        /**
         * Pending actions are looked at again only when a cycle starts, not at every step: deferred moves wait for
         * the next cycle, as with a loop that would not notice migrations ending between two cycles.
         */
        public Builder pendingActionsOnlyAtCycles() {
            pendingActionsEveryStep = false;
            return this;
        }

        /** Called after every step, e.g. to note when a host first overloads. */
        public Builder onStep(Consumer<SimulatedLoop> listener) {
            stepListeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** What each cycle's timeline line says after its seconds ({@link SimulatedLoop#describeHosts()} unless set). */
        public Builder timeline(Function<SimulatedLoop, String> value) {
            describe = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Builds the clock, the cluster (advanced to the start) and the orchestrator with the cluster's driver, probes,
         * power controller and the policies.
         *
         * @throws IllegalStateException when neither a cluster nor a scenario was given, or the cycle is not a whole
         *                               number of steps
         * @throws UncheckedIOException  when the scenario cannot be read
         */
        public SimulatedLoop build() {
            if (cluster == null && scenario == null) {
                throw new IllegalStateException("a simulated loop needs a cluster(...) or a scenario(...)");
            }
            if (cycle.toNanos() % step.toNanos() != 0) {
                throw new IllegalStateException("cycle " + cycle + " is not a whole number of steps of " + step);
            }
            return new SimulatedLoop(this);
        }
    }
}
