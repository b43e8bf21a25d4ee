package org.attune.probe.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CpuRateCalculatorTest {

    private static final long S = 1_000_000_000L;

    private final CpuRateCalculator<String> calc = new CpuRateCalculator<>(Duration.ofMillis(500));

    @Test
    void firstReadingOnlyStartsTheBaseline() {
        assertThat(calc.update("g", 5 * S, 100 * S, 1)).isEmpty();
        assertThat(calc.latest("g")).isEmpty();
        assertThat(calc.size()).isEqualTo(1);
    }

    @Test
    void rateIsCpuTimeOverWallTimeNormalisedByVcpus() {
        calc.update("g", 10 * S, 100 * S, 2);
        // 3 s of CPU in 2 s of wall time on 2 vCPUs: 1.5 cores, 75 %.
        CpuRate rate = calc.update("g", 13 * S, 102 * S, 2).orElseThrow();
        assertThat(rate.cores()).isCloseTo(1.5, within(1e-12));
        assertThat(rate.utilization()).isCloseTo(0.75, within(1e-12));
        assertThat(rate.vcpus()).isEqualTo(2);
        assertThat(rate.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(rate.demand(1000)).isCloseTo(1500, within(1e-9));
        assertThat(calc.latest("g")).contains(rate);
    }

    @Test
    void successiveIntervalsAreIndependent() {
        calc.update("g", 0, 0, 1);
        assertThat(calc.update("g", S, S, 1).orElseThrow().utilization()).isCloseTo(1.0, within(1e-12));
        assertThat(calc.update("g", S + S / 4, 2 * S, 1).orElseThrow().utilization()).isCloseTo(0.25, within(1e-12));
        assertThat(calc.update("g", S + S / 4, 3 * S, 1).orElseThrow().utilization()).isZero();
    }

    @Test
    void counterGoingDownIsAResetNeverANegativeLoad() {
        calc.update("g", 500 * S, 100 * S, 1);
        calc.update("g", 501 * S, 102 * S, 1);
        assertThat(calc.latest("g")).isPresent();

        // The guest migrated: the new process starts near zero.
        assertThat(calc.update("g", S / 10, 104 * S, 1)).isEmpty();
        assertThat(calc.latest("g")).as("a reset clears the latest rate").isEmpty();

        // The reading after the reset is measured from the new baseline.
        CpuRate after = calc.update("g", S / 10 + S / 2, 105 * S, 1).orElseThrow();
        assertThat(after.cores()).isCloseTo(0.5, within(1e-12));
        assertThat(after.utilization()).isBetween(0.0, 1.0);
    }

    @Test
    void wallClockNotAdvancingIsAReset() {
        calc.update("g", 0, 10 * S, 1);
        calc.update("g", S, 11 * S, 1);
        assertThat(calc.update("g", 2 * S, 11 * S, 1)).isEmpty();
        assertThat(calc.latest("g")).isEmpty();
        assertThat(calc.update("g", 2 * S, 9 * S, 1)).as("clock went backwards").isEmpty();
        assertThat(calc.update("g", 3 * S, 10 * S, 1).orElseThrow().cores()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void tooShortIntervalKeepsBaselineAndLatestRate() {
        calc.update("g", 0, 0, 1);
        CpuRate first = calc.update("g", S / 2, S, 1).orElseThrow();

        // 100 ms later: too short, no new rate, the previous one still stands.
        assertThat(calc.update("g", S / 2 + S / 10, S + S / 10, 1)).isEmpty();
        assertThat(calc.latest("g")).contains(first);

        // 600 ms after the kept baseline: measured over the whole 600 ms, not the last 500 ms only.
        CpuRate next = calc.update("g", S / 2 + 6 * S / 10, S + 6 * S / 10, 1).orElseThrow();
        assertThat(next.interval()).isEqualTo(Duration.ofMillis(600));
        assertThat(next.cores()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void utilizationIsCappedButCoresAreNot() {
        calc.update("g", 0, 0, 1);
        CpuRate rate = calc.update("g", 1_010_000_000L, S, 1).orElseThrow();
        assertThat(rate.cores()).isCloseTo(1.01, within(1e-12));
        assertThat(rate.utilization()).isEqualTo(1.0);
    }

    @Test
    void vcpuCountChangeUsesTheCurrentCount() {
        calc.update("g", 0, 0, 1);
        assertThat(calc.update("g", 2 * S, S, 4).orElseThrow().utilization()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void keysAreIndependent() {
        calc.update("a", 0, 0, 1);
        calc.update("b", 100 * S, 0, 1);
        assertThat(calc.update("a", S, S, 1).orElseThrow().cores()).isCloseTo(1.0, within(1e-12));
        assertThat(calc.update("b", 100 * S + S / 5, S, 1).orElseThrow().cores()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void forgetAndRetainAllDropBaselines() {
        calc.update("a", 0, 0, 1);
        calc.update("b", 0, 0, 1);
        calc.update("c", 0, 0, 1);
        calc.retainAll(List.of("a", "b"));
        assertThat(calc.size()).isEqualTo(2);
        assertThat(calc.update("c", S, S, 1)).as("c starts over").isEmpty();
        calc.forget("a");
        assertThat(calc.update("a", S, S, 1)).as("a starts over").isEmpty();
        assertThat(calc.update("b", S, S, 1)).isPresent();
    }

    @Test
    void zeroMinimumIntervalAcceptsAnyPositiveInterval() {
        CpuRateCalculator<Integer> any = new CpuRateCalculator<>(Duration.ZERO);
        any.update(1, 0, 0, 1);
        assertThat(any.update(1, 1, 2, 1)).map(CpuRate::cores).contains(0.5);
    }

    @Test
    void defaultMinimumIntervalApplies() {
        CpuRateCalculator<String> def = new CpuRateCalculator<>();
        def.update("g", 0, 0, 1);
        long justBelow = CpuRateCalculator.DEFAULT_MIN_INTERVAL.toNanos() - 1;
        assertThat(def.update("g", 0, justBelow, 1)).isEmpty();
        assertThat(def.update("g", 0, justBelow + 1, 1)).isPresent();
    }

    @Test
    void invalidInputIsRefused() {
        assertThatThrownBy(() -> calc.update("g", -1, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("g");
        assertThatThrownBy(() -> calc.update("g", 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vcpus");
        assertThatThrownBy(() -> calc.update(null, 0, 0, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CpuRateCalculator<>(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuRateCalculator.rate(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuRateCalculator.rate(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CpuRate(-0.1, 0, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CpuRate(0, 1.1, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CpuRate(Double.NaN, 0, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        // A refused reading leaves the baseline alone.
        assertThat(calc.size()).isZero();
    }

    @Test
    void concurrentUpdatesOfManyKeysNeverProduceNegativeOrOutOfRangeValues() throws Exception {
        CpuRateCalculator<Integer> shared = new CpuRateCalculator<>(Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    boolean ok = true;
                    for (int i = 1; i <= 10_000; i++) {
                        // every 7th reading of a key restarts its counter
                        long cpu = (i % 7 == 0) ? 0 : i * 1_000L;
                        Optional<CpuRate> r = shared.update(thread * 100 + i % 10, cpu, i * 2_000L, 1);
                        ok &= r.map(x -> x.cores() >= 0 && x.utilization() <= 1).orElse(true);
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(shared.size()).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
    }
}
