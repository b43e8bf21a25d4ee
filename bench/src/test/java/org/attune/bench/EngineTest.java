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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {

    private static final int STEPS = Workload.DAY_STEPS;
    /** Accounted time: updates 1..287, the first one only opens the books. */
    private static final double ACCOUNTED_S = 286 * 300;

    private static Workload constant(int... percent) {
        int[][] cpu = new int[percent.length][STEPS];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < percent.length; i++) {
            Arrays.fill(cpu[i], percent[i]);
            labels.add("guest-" + i);
        }
        return new Workload("hand-made", labels, cpu);
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
        // 101 + (105 - 101) x 0.35 = 102.4 W.
        for (Mode mode : Mode.values()) {
            RunResult r = new Engine(constant(50), mode, 4).run(Policies.create("none", mode));
            double watts = Reference.watts(Reference.HOST_POWER[1], 1250.0 / 5320);
            assertThat(watts).isCloseTo(102.4, within(0.01));
            // (compatible mode interpolates the very last update towards the missing next sample: a hair less)
            assertThat(r.energyKWh()).isCloseTo(watts * ACCOUNTED_S / 3.6e6, within(1e-6));
            assertThat(r.slatah()).isZero();
            assertThat(r.pdm()).isZero();
            assertThat(r.activeHosts()).containsOnly(1);
        }
    }

    @Test
    void cloudsimCompatibleModeDestroysAGuestThatRequestsNothing_realisticKeepsIt() {
        int[][] cpu = new int[2][STEPS];
        Arrays.fill(cpu[0], 30);
        Arrays.fill(cpu[1], 0, 100, 30); // idle from step 100 on
        Workload w = new Workload("idle-from-100", List.of("busy", "idles"), cpu);
        // Both boot on g5-001; the idle-to-be guest is moved alone to g4-000 at cycle 10.
        Policy apart = scripted(view -> view.cycle() == 10
                ? List.of(Action.live("vm-00001", "g5-001", "g4-000", "test")) : List.of());
        RunResult compat = new Engine(w, Mode.CLOUDSIM_COMPATIBLE, 4).run(apart);
        RunResult realistic = new Engine(w, Mode.REALISTIC, 4).run(apart);
        // Update k reads step k; step 99 still interpolates towards 0 but is not 0 yet, step 100 is 0.
        assertThat(compat.guestsAlive()[98]).isEqualTo(2);
        assertThat(compat.guestsAlive()[99]).isEqualTo(1);
        assertThat(compat.guestsAlive()[286]).isEqualTo(1);
        assertThat(realistic.guestsAlive()).containsOnly(2);
        // The idle guest's host: off once it is gone (compatible), on at idle power while it stays (realistic).
        assertThat(compat.activeHosts()[200]).isEqualTo(1);
        assertThat(realistic.activeHosts()[200]).isEqualTo(2);
        assertThat(realistic.energyKWh()).isGreaterThan(compat.energyKWh());
    }

    @Test
    void aMigrationCostsTenPercentOfTheGuestForItsDuration_andTheDestinationViolatesMeanwhile() {
        // Guest 0 (2500 MIPS, 870 MiB) at 40% boots on g5-001; at cycle 5 it moves to g5-003: 870 / 62.5 = 13.92 s.
        Policy move = scripted(view -> view.cycle() == 5
                ? List.of(Action.live("vm-00000", "g5-001", "g5-003", "test")) : List.of());
        RunResult r = new Engine(constant(40), Mode.REALISTIC, 4).run(move);
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
    void actionsNamingAnUnknownGuestOrTheWrongSourceHostAreRefused_andChangeNothing() {
        Policy wrong = scripted(view -> view.cycle() == 3 ? List.of(
                Action.live("no-such-guest", "g5-001", "g5-003", "test"),
                Action.live("vm-00000", "g4-000", "g5-003", "test"),
                new Action.PowerOff("g4-000", "test")) : List.of());
        RunResult r = new Engine(constant(40), Mode.REALISTIC, 4).run(wrong);
        RunResult none = new Engine(constant(40), Mode.REALISTIC, 4).run(Policies.create("none", Mode.REALISTIC));
        assertThat(r.migrations()).isZero();
        assertThat(r.refused()).isEqualTo(3);
        assertThat(r.energyKWh()).isEqualTo(none.energyKWh());
    }

    @Test
    void syntheticDay_isDeterministic_andThePoliciesDoTheirJob() {
        Workload w = SyntheticWorkload.generate(7, 240, STEPS);
        assertThat(SyntheticWorkload.generate(7, 240, STEPS).cpu()).isDeepEqualTo(w.cpu());
        for (Mode mode : Mode.values()) {
            RunResult thr = new Engine(w, mode, 120).run(Policies.create("thr-mmt-0.8", mode));
            RunResult again = new Engine(w, mode, 120).run(Policies.create("thr-mmt-0.8", mode));
            RunResult none = new Engine(w, mode, 120).run(Policies.create("none", mode));
            RunResult forecast = new Engine(w, mode, 120).run(Policies.create("forecast", mode));
            assertThat(again.energyKWh()).isEqualTo(thr.energyKWh());
            assertThat(again.migrations()).isEqualTo(thr.migrations());
            assertThat(thr.refused()).isZero();
            assertThat(forecast.refused()).isZero();
            // Consolidation saves energy over leaving the boot placement alone...
            assertThat(thr.energyKWh()).isLessThan(none.energyKWh() * 0.8);
            assertThat(forecast.energyKWh()).isLessThan(none.energyKWh() * 0.8);
            // ...and the forecast policy gets there with far fewer migrations and SLA violations.
            assertThat(forecast.migrations()).isLessThan(thr.migrations() / 2);
            assertThat(forecast.esv()).isLessThan(thr.esv());
        }
    }

    @Test
    void aMalformedTraceIsRejectedNamingTheFileAndLine(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            lines.add(i == 41 ? "4x" : "5");
        }
        Files.write(dir.resolve("vm one"), lines);
        assertThatThrownBy(() -> Workload.planetLab(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vm one").hasMessageContaining("line 42").hasMessageContaining("4x");
        Files.write(dir.resolve("vm one"), lines.subList(50, 150));
        assertThatThrownBy(() -> Workload.planetLab(dir)).hasMessageContaining("100 values, expected 288");
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
                (int) (26711 * 0.95), 0, 0, 0, none, noneD, none, none);
        RunResult far = new RunResult("thr-mmt-0.8", "20110303", Mode.CLOUDSIM_COMPATIBLE, 192.6 * 1.04, 0, 0,
                26711, 0, 0, 0, none, noneD, none, none);
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Bench.fidelity(List.of(close), sink)).isTrue();
        assertThat(Bench.fidelity(List.of(far), sink)).isFalse();
        assertThat(Bench.fidelity(List.of(), sink)).isFalse();
    }
}
