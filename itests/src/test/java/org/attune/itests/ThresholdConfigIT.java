package org.attune.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.util.Map;

import org.attune.api.orchestrator.Orchestrator;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Changing the threshold policy's configuration changes its plans at once, without a restart. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ThresholdConfigIT extends AttuneKarafTestSupport {

    @Override
    protected Option[] extraOptions() {
        // Plans are only looked at here, never executed; the simulation runs slowly so that the seed load stays
        // in its quiet phase (host1 at 20 %, guests at 150 MIPS) for the whole test.
        return new Option[] {editConfigurationFilePut("etc/org.attune.orchestrator.cfg", "mode", "off"),
                editConfigurationFilePut("etc/org.attune.driver.sim.cfg", "speedup", "0.2")};
    }

    @Test
    public void thresholdChangesApplyWithoutRestart() throws Exception {
        Orchestrator orchestrator = awaitService(Orchestrator.class, null);
        long policyBundle = bundle("org.attune.policy.threshold").getBundleId();

        // Nothing can be hot for 50 cycles yet: the plan is empty whatever the load.
        updateConfiguration("org.attune.policy.threshold", Map.of("highThreshold", 0.99, "lowThreshold", 0.0,
                "sustainCycles", 50, "consolidationCeiling", 0.5));
        await("empty plan").atMost(WAIT).until(() -> orchestrator.proposePlan().isEmpty());

        // host1 carries 20 % of its CPU: with a 15 % threshold it is hot after one cycle, and an app guest
        // (7.5 % of an empty host) fits under it elsewhere.
        updateConfiguration("org.attune.policy.threshold", Map.of("highThreshold", 0.15, "lowThreshold", 0.01,
                "sustainCycles", 1, "consolidationCeiling", 0.1));
        await("a migration off host1").atMost(WAIT).untilAsserted(() -> {
            Plan plan = orchestrator.proposePlan();
            assertTrue(plan.toString(), plan.actions().stream().anyMatch(a -> a instanceof Action.Migrate m
                    && m.fromHostId().equals("host1") && m.reason().contains("> 15%")));
        });
        String planned = executeCommand("attune:plan");
        assertTrue(planned, planned.contains("host1"));

        // An inconsistent change is refused; the previous settings stay in force.
        updateConfiguration("org.attune.policy.threshold", Map.of("highThreshold", 0.15, "lowThreshold", 0.5));
        await().pollDelay(java.time.Duration.ofSeconds(2)).atMost(WAIT)
                .until(() -> !orchestrator.proposePlan().isEmpty());
        assertTrue("same bundle, never restarted",
                bundle("org.attune.policy.threshold").getBundleId() == policyBundle);
    }
}
