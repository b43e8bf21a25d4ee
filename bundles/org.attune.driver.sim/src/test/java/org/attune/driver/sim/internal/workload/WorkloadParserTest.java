package org.attune.driver.sim.internal.workload;

import org.attune.simulation.Durations;
import org.attune.simulation.Workload;
import org.attune.simulation.Workloads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadParserTest {

    private final WorkloadParser parser = new WorkloadParser();

    @TempDir
    Path dir;

    @Test
    void constantIsTheSameAtAnyTime() {
        Workload w = parser.parse("constant 200");
        assertThat(w.demandAt(0)).isEqualTo(200);
        assertThat(w.demandAt(1e6)).isEqualTo(200);
    }

    @Test
    void stepSwitchesAtItsTime() {
        Workload w = parser.parse("step 100 900 at=60s");
        assertThat(w.demandAt(59.999)).isEqualTo(100);
        assertThat(w.demandAt(60)).isEqualTo(900);
        assertThat(w.demandAt(3600)).isEqualTo(900);
    }

    @Test
    void rampIsLinearBetweenStartAndEnd() {
        Workload w = parser.parse("ramp 100 900 start=30s duration=1m");
        assertThat(w.demandAt(0)).isEqualTo(100);
        assertThat(w.demandAt(30)).isEqualTo(100);
        assertThat(w.demandAt(60)).isCloseTo(500, within(1e-9));
        assertThat(w.demandAt(90)).isEqualTo(900);
        assertThat(w.demandAt(1000)).isEqualTo(900);
    }

    @Test
    void sineOscillatesAroundItsMeanAndNeverGoesNegative() {
        Workload w = parser.parse("sine mean=400 amplitude=300 period=600s");
        assertThat(w.demandAt(0)).isCloseTo(400, within(1e-9));
        assertThat(w.demandAt(150)).isCloseTo(700, within(1e-9));
        assertThat(w.demandAt(450)).isCloseTo(100, within(1e-9));
        Workload deep = parser.parse("sine mean=100 amplitude=300 period=10m");
        assertThat(deep.demandAt(450)).isZero();
    }

    @Test
    void pointsInterpolateAndHoldTheLastValue() {
        Workload w = parser.parse("points 0s=150 40s=150 100s=1000 260s=1000 320s=150");
        assertThat(w.demandAt(20)).isEqualTo(150);
        assertThat(w.demandAt(70)).isCloseTo(575, within(1e-9));
        assertThat(w.demandAt(150)).isEqualTo(1000);
        assertThat(w.demandAt(290)).isCloseTo(575, within(1e-9));
        assertThat(w.demandAt(350)).isEqualTo(150);
        assertThat(w.demandAt(750)).isEqualTo(150);
    }

    @Test
    void pointsRepeatWithTheirPeriod() {
        Workload w = parser.parse("points 0s=150 40s=150 100s=1000 260s=1000 320s=150 repeat=400s");
        assertThat(w.demandAt(150)).isEqualTo(1000);
        assertThat(w.demandAt(350)).isEqualTo(150);
        assertThat(w.demandAt(550)).isEqualTo(1000);
        assertThat(w.demandAt(400 * 10 + 70)).isCloseTo(575, within(1e-9));
    }

    @Test
    void pointsBeforeTheFirstTakeItsValue() {
        Workload w = parser.parse("points 10s=300 20s=500");
        assertThat(w.demandAt(0)).isEqualTo(300);
        assertThat(w.demandAt(15)).isCloseTo(400, within(1e-9));
    }

    @Test
    void sumAddsTerms() {
        Workload w = parser.parse("constant 100 + step 0 500 at=10s + sine mean=0 amplitude=50 period=40s");
        assertThat(w.demandAt(0)).isCloseTo(100, within(1e-9));
        assertThat(w.demandAt(10)).isCloseTo(100 + 500 + 50, within(1e-9));
    }

    @Test
    void durationsAcceptAllUnits() {
        assertThat(parser.parse("step 1 2 at=1500ms").demandAt(1.4)).isEqualTo(1);
        assertThat(parser.parse("step 1 2 at=1500ms").demandAt(1.5)).isEqualTo(2);
        assertThat(parser.parse("step 1 2 at=2m").demandAt(119)).isEqualTo(1);
        assertThat(parser.parse("step 1 2 at=1h").demandAt(3599)).isEqualTo(1);
        assertThat(parser.parse("step 1 2 at=1h").demandAt(3600)).isEqualTo(2);
        assertThat(parser.parse("step 1 2 at=30").demandAt(30)).isEqualTo(2);
    }

    @Test
    void traceIsPercentTimesMipsPiecewiseConstantPerInterval() throws IOException {
        Path file = dir.resolve("vm1");
        Files.writeString(file, planetLab(288, i -> i % 100));
        Workload w = parser.parse("trace " + file + " mips=2500 interval=300s");
        assertThat(w.demandAt(0)).isEqualTo(0);
        assertThat(w.demandAt(299)).isEqualTo(0);
        assertThat(w.demandAt(300)).isEqualTo(25);
        assertThat(w.demandAt(300 * 50 + 10)).isEqualTo(1250);
        assertThat(w.demandAt(300 * 99)).isCloseTo(2475, within(1e-9));
        // The day repeats after its 288 intervals.
        assertThat(w.demandAt(86400 + 300)).isEqualTo(25);
    }

    @Test
    void traceUsesFiveMinutesByDefaultAndQuotedPathsWithSpaces() throws IOException {
        Path file = dir.resolve("a vm file");
        Files.writeString(file, "10\n\n20\n");
        Workload w = parser.parse("trace \"" + file + "\" mips=1000");
        assertThat(w.demandAt(299)).isEqualTo(100);
        assertThat(w.demandAt(300)).isEqualTo(200);
        assertThat(w).hasToString("trace \"" + file + "\" mips=1000 interval=300s");
    }

    @Test
    void relativeTracePathsResolveAgainstTheBaseDirectory() throws IOException {
        Files.writeString(dir.resolve("t"), "50\n");
        assertThat(new WorkloadParser(dir).parse("trace t mips=200").demandAt(0)).isEqualTo(100);
    }

    @Test
    void specsPrintBackAsParsableSpecs() {
        for (String spec : List.of("constant 200", "step 100 900 at=60s", "ramp 100 900 start=30s duration=60s",
                "sine mean=400 amplitude=300 period=600s",
                "points 0s=150 40s=150 100s=1000 260s=1000 320s=150 repeat=400s", "constant 1 + constant 2")) {
            assertThat(parser.parse(spec)).hasToString(spec);
        }
    }

    @Test
    void errorsQuoteTheSpecAndNameTheBadToken() {
        assertError("", "workload is empty");
        assertError("sin mean=1", "workload 'sin mean=1'", "unknown workload 'sin'", "constant, step");
        assertError("constant abc", "'abc' is not a number");
        assertError("constant -5", "'-5' is negative");
        assertError("constant", "constant: missing value");
        assertError("constant 1 2", "unexpected '2'");
        assertError("step 100 900", "missing at=");
        assertError("step 100 900 at=60x", "'60x' is not a duration");
        assertError("step 100 900 when=60s", "unknown option 'when=60s' for step");
        assertError("ramp 1 2 start=0s", "missing duration=");
        assertError("sine mean=400 amp=300 period=600s", "unknown option 'amp=300' for sine");
        assertError("sine mean=400 amplitude=300 period=0s", "period=0s must be positive");
        assertError("points", "at least one time=demand point");
        assertError("points 0s=1 150", "'150' is not a time=demand point");
        assertError("points 0s=1 10s=x", "'x' is not a number");
        assertError("points 10s=1 5s=2", "times must increase");
        assertError("points 0s=1 500s=2 repeat=400s", "repeat=400s must be at least the last point's time 500s");
        assertError("points 0s=1 1q=2", "'1q=2'", "'1q' is not a duration");
        assertError("constant 1 +", "'+' needs a workload on each side");
        assertError("trace /no/such/file mips=100", "trace file not found: /no/such/file");
        assertError("trace \"/unclosed mips=100", "double quote is not closed");
    }

    @Test
    void traceErrorsNameTheFileAndLine() throws IOException {
        Path file = dir.resolve("bad");
        Files.writeString(file, "10\n20\nabc\n");
        assertError("trace " + file + " mips=100", "trace file " + file + " line 3: 'abc' is not a CPU percentage");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        assertError("trace " + empty + " mips=100", "holds no values");
        Path ok = dir.resolve("ok");
        Files.writeString(ok, "1\n");
        assertError("trace " + ok, "trace: missing mips=");
    }

    private void assertError(String spec, String... parts) {
        assertThatThrownBy(() -> parser.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(parts));
    }

    private static String planetLab(int lines, java.util.function.IntUnaryOperator percent) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            out.add(Integer.toString(percent.applyAsInt(i)));
        }
        return String.join("\n", out) + "\n";
    }
}
