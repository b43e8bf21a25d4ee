package org.attune.policy.energy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.attune.api.ClusterView;
import org.attune.api.PowerState;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.driver.sim.VirtualClock;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.engine.SimPowerController;
import org.attune.driver.sim.internal.engine.SimProbe;
import org.attune.driver.sim.SimTotals;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.driver.sim.internal.workload.WorkloadParser;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.attune.orchestrator.standalone.StandaloneOrchestrator;
import org.attune.policy.energy.EnergyPolicy;
import org.attune.policy.energy.EnergySettings;
import org.junit.jupiter.api.Test;

/**
 * The energy policy in the real control loop ({@link StandaloneOrchestrator}) on the simulated cluster, on a virtual
 * clock, with the sim's own {@link SimPowerController}: two hosts on, one off (60 s boot); demand on both running
 * hosts ramps up to more than they hold, stays, then falls. The policy must power the third host on early enough
 * (boot time included) that no host is ever overloaded, move load onto it, and once demand falls, empty a host and
 * power exactly that one off. A reactive variant (power on only when demand already exceeds capacity, no boot
 * time accounted) overloads in the same scenario.
 */
class EnergyOnSimulatedClusterTest {

    private static final Duration CYCLE = Duration.ofSeconds(30);
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final String RAMP = "points 0s=500 1200s=1900 1800s=1900 3000s=500";

    /** What one run produced. */
    private record Run(SimTotals totals, List<JournalEntry> journal, Instant start, Optional<Instant> h3On,
                       Optional<Instant> firstOverload, List<String> timeline) {
    }

    /**
     * The policy seeing its hosts boot in {@code boot}. The simulator builds its hosts with a boot time but does not
     * report their power profile yet, so the policy would see none: this hands it the hosts' profile with that boot
     * time (or with none, for the variant that ignores it).
     */
    private static Policy seeingBootTime(EnergyPolicy policy, Duration boot) {
        return new Policy() {
            @Override
            public String name() {
                return policy.name();
            }

            @Override
            public Plan plan(ClusterView view) {
                return policy.plan(view.toBuilder().hosts(view.hosts().stream().map(h -> h.withPowerProfile(
                        h.powerProfile().withBoot(boot, h.powerProfile().bootWatts()))).toList()).build());
            }
        };
    }

    private static Run run(EnergySettings settings, Duration policySeesBoot, boolean thirdHostOn, Duration length) {
        VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
        SimCluster cluster = new SimCluster(clock);
        Duration boot = BOOT;
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096).withBootTime(boot));
        cluster.addHost(HostSpec.of("h2", 2, 1000, 4096).withBootTime(boot));
        cluster.addHost(HostSpec.of("h3", 2, 1000, 4096).withBootTime(boot).withPoweredOn(thirdHostOn));
        WorkloadParser parser = new WorkloadParser();
        cluster.addGuest(GuestSpec.of("a", 2, 512, "h1", parser.parse(RAMP)));
        cluster.addGuest(GuestSpec.of("b", 1, 512, "h1", parser.parse("constant 400")));
        cluster.addGuest(GuestSpec.of("c", 2, 512, "h2", parser.parse(RAMP)));
        cluster.addGuest(GuestSpec.of("d", 1, 512, "h2", parser.parse("constant 400")));
        cluster.advance();

        StandaloneOrchestrator engine = StandaloneOrchestrator.builder().settings(OrchestratorSettings.defaults()
                .withPolicy(settings.name()).withCooldown(2)).clock(clock).manualPendingActions().build();
        try {
            engine.addDriver(cluster, "sim");
            engine.addProbe(new SimProbe(cluster));
            engine.addPowerController(new SimPowerController(cluster));
            engine.addPolicy(seeingBootTime(new EnergyPolicy(settings), policySeesBoot), settings.name());
            Instant start = clock.instant();
            Instant h3On = null;
            Instant firstOverload = null;
            List<String> timeline = new ArrayList<>();
            while (Duration.between(start, clock.instant()).compareTo(length) < 0) {
                // Advance in 1 s steps so an overload between two cycles is seen.
                for (int i = 0; i < CYCLE.toSeconds(); i++) {
                    clock.advance(Duration.ofSeconds(1));
                    cluster.advance();
                    if (firstOverload == null && cluster.totals().overloadedHostSeconds() > 0) {
                        firstOverload = clock.instant();
                    }
                    if (h3On == null && !thirdHostOn && cluster.hostReading("h3").power() == PowerState.ON) {
                        h3On = clock.instant();
                    }
                }
                engine.runCycle();
                // A power action runs on a worker; the virtual clock must not move on before it ended (its
                // journal line is written before the engine lets go of the host).
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> engine.powerActionsInProgress().isEmpty());
                timeline.add(String.format(Locale.ROOT, "%ds %s/%s/%s %.0f/%.0f/%.0f",
                        Duration.between(start, clock.instant()).toSeconds(), cluster.hostReading("h1").power(),
                        cluster.hostReading("h2").power(), cluster.hostReading("h3").power(),
                        100 * cluster.hostReading("h1").demandShare(), 100 * cluster.hostReading("h2").demandShare(),
                        100 * cluster.hostReading("h3").demandShare()));
            }
            return new Run(cluster.totals(), engine.journal(JournalQuery.all()), start, Optional.ofNullable(h3On),
                    Optional.ofNullable(firstOverload), timeline);
        } finally {
            engine.stop();
        }
    }

    @Test
    void powersOnOneBootTimeAheadSoNoHostOverloads_thenEmptiesAndPowersOffExactlyOneHost() {
        EnergySettings settings = new EnergySettings("energy", 6, 0.7, 0.85, 0.6, 1, 4);
        Run run = run(settings, BOOT, false, Duration.ofSeconds(3600));

        assertThat(run.journal()).as("timeline %s", run.timeline())
                .noneMatch(e -> Set.of(Kind.ACTION_FAILED, Kind.ACTION_ABORTED, Kind.ERROR, Kind.PROBE_ERROR)
                        .contains(e.kind()));
        List<JournalEntry> powerOn = run.journal().stream()
                .filter(e -> e.kind() == Kind.ACTION_SUCCEEDED && e.message().startsWith("power on")).toList();
        assertThat(powerOn).as("timeline %s", run.timeline()).singleElement()
                .satisfies(e -> assertThat(e.host()).isEqualTo("h3"));
        assertThat(run.h3On()).isPresent();
        assertThat(run.firstOverload()).as("no host overloaded; timeline %s", run.timeline()).isEmpty();
        assertThat(run.totals().overloadedHostSeconds()).isZero();
        // Load moved onto the new host while demand rose.
        assertThat(run.journal()).anyMatch(e -> e.kind() == Kind.ACTION_SUCCEEDED && e.host().equals("h3")
                && !e.guest().isEmpty());

        List<JournalEntry> powerOff = run.journal().stream()
                .filter(e -> e.kind() == Kind.ACTION_SUCCEEDED && e.message().startsWith("power off")).toList();
        assertThat(powerOff).as("timeline %s", run.timeline()).singleElement();
        String off = powerOff.get(0).host();
        // The host powered off is the one a consolidation emptied: its guests left it before.
        assertThat(run.journal()).anyMatch(e -> e.kind() == Kind.ACTION_STARTED && e.message().contains(off + " -> ")
                && e.message().contains("consolidate to power " + off + " off"));
        System.out.printf(Locale.ROOT, "energy (boot time accounted): h3 ON at %ds, overloaded host-seconds %.0f, "
                        + "%.4f kWh, %d migrations, powered off %s%n",
                Duration.between(run.start(), run.h3On().get()).toSeconds(), run.totals().overloadedHostSeconds(),
                run.totals().energyKWh(), run.totals().migrationsSucceeded(), off);
    }

    @Test
    void aReactiveVariantThatIgnoresBootTimeOverloads_andKeepingEveryHostOnCostsMoreEnergy() {
        Run proactive = run(new EnergySettings("energy", 6, 0.7, 0.85, 0.6, 1, 4), BOOT, false,
                Duration.ofSeconds(3600));
        // Powers on only once demand already exceeds what is on, and looks no further ahead than one step.
        Run reactive = run(new EnergySettings("reactive", 6, 0.7, 1.0, 0.6, 1, 4), Duration.ZERO, false,
                Duration.ofSeconds(3600));
        Run alwaysOn = run(new EnergySettings("always-on", 6, 0.7, 0.85, 0.6, 3, 4), BOOT, true,
                Duration.ofSeconds(3600));

        assertThat(proactive.totals().overloadedHostSeconds()).isZero();
        assertThat(reactive.totals().overloadedHostSeconds()).as("timeline %s", reactive.timeline()).isPositive();
        assertThat(proactive.totals().energyKWh()).isLessThan(alwaysOn.totals().energyKWh());
        System.out.printf(Locale.ROOT, "overloaded host-seconds: proactive %.0f, reactive %.0f, always-on %.0f; "
                        + "energy kWh: proactive %.4f, reactive %.4f, always-on %.4f%n",
                proactive.totals().overloadedHostSeconds(), reactive.totals().overloadedHostSeconds(),
                alwaysOn.totals().overloadedHostSeconds(), proactive.totals().energyKWh(),
                reactive.totals().energyKWh(), alwaysOn.totals().energyKWh());
    }
}
