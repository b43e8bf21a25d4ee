package org.attune.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.attune.api.PowerProfile;
import org.junit.jupiter.api.Test;

/** When workloads change, and that the engine samples them exactly then (or every maximum step when continuous). */
class WorkloadsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void aShiftedTraceHoldsItsFirstValueUntilOffsetPlusIntervalThenStepsEveryInterval() {
        Workload w = Workloads.trace(new double[] {10, 20, 30}, 300, 100, false, "shifted");
        assertThat(w.demandAt(0)).isEqualTo(10);
        assertThat(w.demandAt(399.9)).isEqualTo(10);
        assertThat(w.demandAt(400)).isEqualTo(20);
        assertThat(w.demandAt(700)).isEqualTo(30);
        // Without repetition the last value holds for ever.
        assertThat(w.demandAt(1e6)).isEqualTo(30);
        assertThat(w.nextChange(0)).isEqualTo(400);
        assertThat(w.nextChange(400)).isEqualTo(700);
        assertThat(w.nextChange(700)).isEqualTo(INF);
        assertThat(w).hasToString("shifted");
    }

    @Test
    void aRepeatingTraceStartsAgainAfterItsEnd() {
        Workload w = Workloads.trace(new double[] {10, 20}, 60, "r");
        assertThat(w.demandAt(60)).isEqualTo(20);
        assertThat(w.demandAt(120)).isEqualTo(10);
        assertThat(w.nextChange(120)).isEqualTo(180);
        assertThat(w.nextChange(179.999)).isEqualTo(180);
    }

    @Test
    void stepRampAndConstantSayWhenTheyChange() {
        Workload step = Workloads.step(100, 900, 60);
        assertThat(step.nextChange(0)).isEqualTo(60);
        assertThat(step.nextChange(60)).isEqualTo(INF);
        assertThat(step.demandAt(59.999)).isEqualTo(100);
        assertThat(step.demandAt(60)).isEqualTo(900);

        Workload ramp = Workloads.ramp(100, 900, 30, 60);
        assertThat(ramp.nextChange(0)).isEqualTo(30);
        assertThat(ramp.nextChange(30)).isNaN();
        assertThat(ramp.nextChange(89)).isNaN();
        assertThat(ramp.nextChange(90)).isEqualTo(INF);
        assertThat(ramp.demandAt(60)).isEqualTo(500);

        assertThat(Workloads.constant(5).nextChange(0)).isEqualTo(INF);
        assertThat(Workloads.sine(400, 300, 600).nextChange(0)).isNaN();
        assertThat(Workloads.points(new double[] {0, 10}, new double[] {1, 2}, 0).nextChange(0)).isNaN();
    }

    @Test
    void aSumChangesWhenItsFirstTermChangesAndIsContinuousIfOneTermIs() {
        Workload sum = Workloads.sum(List.of(Workloads.step(100, 200, 50), Workloads.step(10, 20, 30),
                Workloads.constant(1)));
        assertThat(sum.demandAt(0)).isEqualTo(111);
        assertThat(sum.demandAt(40)).isEqualTo(121);
        assertThat(sum.nextChange(0)).isEqualTo(30);
        assertThat(sum.nextChange(30)).isEqualTo(50);
        assertThat(sum.nextChange(50)).isEqualTo(INF);
        assertThat(sum).hasToString("step 100 200 at=50s + step 10 20 at=30s + constant 1");

        Workload withRamp = Workloads.sum(List.of(Workloads.constant(1), Workloads.ramp(0, 10, 0, 10)));
        assertThat(withRamp.nextChange(0)).isNaN();
    }

    @Test
    void theEngineSamplesAPiecewiseConstantWorkloadExactlyWhenItChanges() {
        // A maximum step far longer than the run: the step at 30 s is still taken at 30 s.
        SimulationEngine engine = new SimulationEngine(EngineSettings.physical().withMaxStep(1000));
        int h = engine.addHost(new SimulatedHost("h", 2, 1000, 4096, 125, PowerProfile.linear(70, 140), true));
        engine.addGuest(SimulatedGuest.of("g", 2, 512, 0, Workloads.step(100, 1900, 30)), h);
        assertThat(engine.nextEventTime()).isEqualTo(30);
        engine.advanceTo(300);
        assertThat(engine.totals().requestedWork()).isCloseTo(30 * 100 + 270 * 1900, within(1e-6));
    }

    @Test
    void theEngineSamplesAContinuousWorkloadEveryMaximumStep() {
        SimulationEngine engine = new SimulationEngine(EngineSettings.physical().withMaxStep(10));
        int h = engine.addHost(new SimulatedHost("h", 2, 1000, 4096, 125, PowerProfile.linear(70, 140), true));
        engine.addGuest(SimulatedGuest.of("g", 2, 512, 0, Workloads.ramp(0, 1000, 0, 100)), h);
        engine.advanceTo(100);
        // Held from each 10 s sample: 10 x (0 + 100 + ... + 900), not the exact 50,000 of the continuous ramp.
        assertThat(engine.totals().requestedWork()).isCloseTo(45_000, within(1e-6));
        assertThat(engine.workloadDemand(0)).isEqualTo(1000);
    }

    @Test
    void aGuestsWorkloadStartsWhenTheGuestIsAdded() {
        SimulationEngine engine = new SimulationEngine(EngineSettings.physical());
        int h = engine.addHost(new SimulatedHost("h", 2, 1000, 4096, 125, PowerProfile.linear(70, 140), true));
        engine.advanceTo(100);
        int g = engine.addGuest(SimulatedGuest.of("g", 1, 512, 0, Workloads.step(100, 900, 60)), h);
        engine.advanceTo(150);
        assertThat(engine.workloadDemand(g)).isEqualTo(100);
        engine.advanceTo(160);
        assertThat(engine.workloadDemand(g)).isEqualTo(900);
    }
}
