package org.attune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.attune.api.ClusterView;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.simulation.PlanetLabTraces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DayRunTest {

    private static final int STEPS = PlanetLabTraces.DAY_SAMPLES;
    /** Accounted time: updates 1..287, the first one only opens the books. */
    private static final double ACCOUNTED_S = 286 * 300;

    private static PlanetLabTraces.Day constant(int... percent) {
        double[][] cpu = new double[percent.length][STEPS];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < percent.length; i++) {
            Arrays.fill(cpu[i], percent[i]);
            labels.add("guest-" + i);
        }
        return new PlanetLabTraces.Day("hand-made", labels, cpu);
    }

    private static RunResult run(PlanetLabTraces.Day day, Mode mode, Policy policy) {
        return new DayRun(day, Setup.of(mode), 4).run(policy);
    }

    /** A policy that answers each cycle with what {@code script} returns. */
    private static Policy scripted(Function<ClusterView, List<Action>> script) {
        return new Policy() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public Plan plan(ClusterView view) {
                return new Plan("scripted", script.apply(view), List.of());
            }
        };
    }

    @Test
    void oneSteadyGuest_energyIsItsHostsPowerOverTheDay_andNothingIsViolated() {
        // One 2500-MIPS guest at 50% can only boot on a G5 (its core is 2660 MIPS): 1250 / 5320 = 23.5% CPU,
        // 101 + (105 - 101) x 0.35 = 102.4 W. In realistic mode the three empty hosts are off from the start.
        for (Mode mode : Mode.values()) {
            RunResult r = run(constant(50), mode, Policies.create("none", mode));
            double watts = Reference.watts(Reference.HOST_POWER[1], 1250.0 / 5320);
            assertThat(watts).isCloseTo(102.4, within(0.01));
            assertThat(r.energyKWh()).as(mode.id()).isCloseTo(watts * ACCOUNTED_S / 3.6e6, within(1e-6));
            assertThat(r.slatah()).isZero();
            assertThat(r.pdm()).isZero();
            assertThat(r.activeHosts()).containsOnly(1);
            assertThat(r.boots()).isZero();
        }
    }

    @Test
    void cloudsimCompatibleModeDestroysAGuestThatRequestsNothing() {
        double[][] cpu = new double[2][STEPS];
        Arrays.fill(cpu[0], 30);
        Arrays.fill(cpu[1], 0, 100, 30); // idle from step 100 on
        PlanetLabTraces.Day day = new PlanetLabTraces.Day("idle-from-100", List.of("busy", "idles"), cpu);
        // Both boot on g5-001; the idle-to-be guest is moved alone to g4-000 at cycle 10.
        Policy apart = scripted(view -> view.cycle() == 10
                ? List.of(Action.live("vm-00001", "g5-001", "g4-000", "test")) : List.of());
        RunResult compat = run(day, Mode.CLOUDSIM_COMPATIBLE, apart);
        // Update k reads step k; step 99 still interpolates towards 0 but is not 0 yet, step 100 is 0.
        assertThat(compat.guestsAlive()[98]).isEqualTo(2);
        assertThat(compat.guestsAlive()[99]).isEqualTo(1);
        assertThat(compat.guestsAlive()[286]).isEqualTo(1);
        // The idle guest's host is off once the guest is gone.
        assertThat(compat.activeHosts()[200]).isEqualTo(1);
        assertThat(compat.migrations()).isEqualTo(1);
    }

    @Test
    void realisticMode_keepsAnIdleGuest_andAnOffHostMustBootBeforeItReceives() {
        double[][] cpu = new double[2][STEPS];
        Arrays.fill(cpu[0], 30);
        Arrays.fill(cpu[1], 0, 100, 30);
        PlanetLabTraces.Day day = new PlanetLabTraces.Day("idle-from-100", List.of("busy", "idles"), cpu);
        // g4-000 is off (no guest booted there): a migration alone is refused; powered on in the same plan, the
        // migration waits for the boot and then runs.
        Policy alone = scripted(view -> view.cycle() == 10
                ? List.of(Action.live("vm-00001", "g5-001", "g4-000", "test")) : List.of());
        RunResult refused = run(day, Mode.REALISTIC, alone);
        assertThat(refused.migrations()).isZero();
        assertThat(refused.refused()).isEqualTo(1);

        Policy withBoot = scripted(view -> view.cycle() == 10 ? List.of(new Action.PowerOn("g4-000", "test"),
                Action.live("vm-00001", "g5-001", "g4-000", "test")) : List.of());
        RunResult booted = run(day, Mode.REALISTIC, withBoot);
        assertThat(booted.boots()).isEqualTo(1);
        assertThat(booted.migrations()).isEqualTo(1);
        assertThat(booted.refused()).isZero();
        assertThat(booted.guestsAlive()).containsOnly(2);
        // The idle guest keeps its host on at idle power for the rest of the day.
        assertThat(booted.activeHosts()[200]).isEqualTo(2);
        // Booting costs: 260 s at the G4's 117 W more than nothing, on top of the second host's idle power.
        assertThat(booted.energyKWh() - refused.energyKWh()).isGreaterThan(260 * 117 / 3.6e6);
    }

    @Test
    void compatibleMode_aMigrationCostsTenPercentOfTheGuestForItsDuration_andTheDestinationViolatesMeanwhile() {
        // Guest 0 (2500 MIPS, 870 MiB) at 40% boots on g5-001; at cycle 5 it moves to g5-003: 870 / 62.5 = 13.92 s.
        Policy move = scripted(view -> view.cycle() == 5
                ? List.of(Action.live("vm-00000", "g5-001", "g5-003", "test")) : List.of());
        RunResult r = run(constant(40), Mode.CLOUDSIM_COMPATIBLE, move);
        double seconds = Reference.migrationSeconds(870);
        assertThat(seconds).isCloseTo(13.92, within(1e-9));
        assertThat(r.migrations()).isEqualTo(1);
        assertThat(r.refused()).isZero();
        // PDM: 10% of 1000 MIPS for 13.92 s over 1000 MIPS for the accounted day.
        assertThat(r.pdm()).isCloseTo(0.1 * seconds / ACCOUNTED_S, within(1e-12));
        // SLATAH: both hosts are active during the migration; only the destination is short of its request.
        assertThat(r.slatah()).isCloseTo(seconds / (ACCOUNTED_S + seconds), within(1e-9));
        assertThat(r.stepMigrations()[4]).isEqualTo(1);
    }

    @Test
    void realisticMode_aLiveMigrationPreCopiesOverTheLinkAndCostsTheGuestTenPercentMeanwhile() {
        // Two guests on g5-001 (2500 MIPS/870 MiB at 40% and 2000 MIPS/1740 MiB at 40%); both leave at cycle 5
        // to g5-003, powered on at cycle 3 (booted by cycle 5): they share the 1 Gbit/s link.
        Policy move = scripted(view -> switch ((int) view.cycle()) {
            case 3 -> List.of(new Action.PowerOn("g5-003", "test"));
            case 5 -> List.of(Action.live("vm-00000", "g5-001", "g5-003", "test"),
                    Action.live("vm-00001", "g5-001", "g5-003", "test"));
            default -> List.of();
        });
        RunResult r = run(constant(40, 40), Mode.REALISTIC, move);
        assertThat(r.migrations()).isEqualTo(2);
        assertThat(r.boots()).isEqualTo(1);
        // They share the 119.2 MiB/s link: the 870 MiB guest needs at least 870 / 59.6 = 14.6 s, the other at least
        // all 2610 MiB / 119.2 = 21.9 s; each loses 10% of its demand (1000 and 800 MIPS) meanwhile, plus its
        // pre-copy rounds and pause on top.
        double link = Reference.LINK_MIBPS;
        double floor = 0.1 * (1000 * 870 / (link / 2) + 800 * 2610 / link) / (1800 * ACCOUNTED_S);
        assertThat(r.pdm()).isGreaterThan(floor).isLessThan(floor * 1.5);
    }

    @Test
    void realisticMode_migrationsBeyondTwoPerHostWaitForASlot() {
        // Four small guests boot: three on g5-001 (870 + 1740 + 613 MiB), one on g5-003. At cycle 5 the three leave
        // g5-001 for g4-000 (powered on at cycle 2): two start at once, the third when one of them has ended.
        PlanetLabTraces.Day day = constant(5, 5, 5, 5);
        Policy move = scripted(view -> {
            if (view.cycle() == 2) {
                return List.of(new Action.PowerOn("g4-000", "test"));
            }
            if (view.cycle() != 5) {
                return List.of();
            }
            return view.guestsOn("g5-001").stream()
                    .map(g -> (Action) Action.live(g.id(), "g5-001", "g4-000", "test")).toList();
        });
        RunResult r = run(day, Mode.REALISTIC, move);
        assertThat(r.migrations()).isEqualTo(3);
        assertThat(r.refused()).isZero();
        // All three within cycle 5's period.
        assertThat(r.stepMigrations()[4]).isEqualTo(3);
    }

    @Test
    void actionsNamingAnUnknownGuestOrTheWrongSourceHostAreRefused_andChangeNothing() {
        for (Mode mode : Mode.values()) {
            Policy wrong = scripted(view -> view.cycle() == 3 ? List.of(
                    Action.live("no-such-guest", "g5-001", "g5-003", "test"),
                    Action.live("vm-00000", "g4-000", "g5-003", "test"),
                    new Action.PowerOff("g4-000", "test")) : List.of());
            RunResult r = run(constant(40), mode, wrong);
            RunResult none = run(constant(40), mode, Policies.create("none", mode));
            assertThat(r.migrations()).isZero();
            assertThat(r.refused()).isEqualTo(3);
            assertThat(r.energyKWh()).isEqualTo(none.energyKWh());
        }
    }

    @Test
    void syntheticDay_isDeterministic_andConsolidationSavesEnergy() {
        PlanetLabTraces.Day w = SyntheticWorkload.generate(7, 240, STEPS);
        assertThat(SyntheticWorkload.generate(7, 240, STEPS).percent()).isDeepEqualTo(w.percent());
        for (Mode mode : Mode.values()) {
            RunResult thr = new DayRun(w, Setup.of(mode), 120).run(Policies.create("thr-mmt-0.8", mode));
            RunResult again = new DayRun(w, Setup.of(mode), 120).run(Policies.create("thr-mmt-0.8", mode));
            RunResult none = new DayRun(w, Setup.of(mode), 120).run(Policies.create("none", mode));
            assertThat(again.energyKWh()).isEqualTo(thr.energyKWh());
            assertThat(again.migrations()).isEqualTo(thr.migrations());
            assertThat(thr.energyKWh()).as(mode.id()).isLessThan(none.energyKWh() * 0.9);
        }
    }

    @Test
    void aMalformedTraceIsRejectedNamingTheFileAndLine(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            lines.add(i == 41 ? "4x" : "5");
        }
        Files.write(dir.resolve("vm one"), lines);
        assertThatThrownBy(() -> PlanetLabTraces.readDay(dir, STEPS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vm one").hasMessageContaining("line 42").hasMessageContaining("4x");
        Files.write(dir.resolve("vm one"), lines.subList(50, 150));
        assertThatThrownBy(() -> PlanetLabTraces.readDay(dir, STEPS)).hasMessageContaining("100 values, expected 288");
    }

    @Test
    void missingTracesExplainWhereToGetThem_andExitWithTwo(@TempDir Path dir) throws IOException {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Bench.run(new String[] {dir.resolve("absent").toString(), "--out", dir.toString()},
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
        assertThat(status).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("no PlanetLab traces")
                .contains("github.com/Cloudslab/cloudsim").contains("../shared/workloads/planetlab");
    }

    @Test
    void fidelityCheckFailsOutsideTheTolerance() {
        int[] none = new int[0];
        double[] noneD = new double[0];
        RunResult close = new RunResult("thr-mmt-0.8", "20110303", Mode.CLOUDSIM_COMPATIBLE, 192.6 * 1.02, 0, 0,
                (int) (26711 * 0.95), 0, 0, 0, 0, none, noneD, none, none, none);
        RunResult far = new RunResult("thr-mmt-0.8", "20110303", Mode.CLOUDSIM_COMPATIBLE, 192.6 * 1.04, 0, 0,
                26711, 0, 0, 0, 0, none, noneD, none, none, none);
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Fidelity.check(List.of(close), sink)).isTrue();
        assertThat(Fidelity.check(List.of(far), sink)).isFalse();
        assertThat(Fidelity.check(List.of(), sink)).isFalse();
    }
}
