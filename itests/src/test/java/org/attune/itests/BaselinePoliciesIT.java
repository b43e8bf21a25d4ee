package org.attune.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.attune.api.orchestrator.Orchestrator;
import org.attune.api.orchestrator.PolicyInfo;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The field's baselines (feature attune-policy-beloglazov, one factory configuration per variant) and Attune's own
 * forecast policy (attune-policy-forecast) in the distribution: every variant is a policy of its name, usable from
 * the shell; a new factory configuration adds a variant and deleting it removes it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BaselinePoliciesIT extends AttuneKarafTestSupport {

    private static final Set<String> SHIPPED = Set.of("thr-mmt-0.8", "iqr-mmt-1.5", "mad-mmt-2.5", "lr-mmt-1.2",
            "lrr-mmt-1.2", "forecast");

    private Orchestrator orchestrator;

    @Before
    public void policiesAreUp() {
        orchestrator = awaitService(Orchestrator.class, null);
        await("the five baselines and forecast").atMost(WAIT).untilAsserted(() ->
                assertTrue("policies " + orchestrator.policies(), names().containsAll(SHIPPED)));
    }

    private Set<String> names() {
        return orchestrator.policies().stream().map(PolicyInfo::name).collect(Collectors.toSet());
    }

    @Test
    public void eachShippedPolicyPlansFromTheShell() throws Exception {
        for (String name : new String[] {"lr-mmt-1.2", "forecast"}) {
            executeCommand("attune:policy-use " + name);
            assertEquals(name, orchestrator.activePolicy());
            String plan = executeCommand("attune:plan");
            assertTrue(plan, plan.contains("Policy " + name));
        }
        assertEquals("forecast", orchestrator.proposePlan().policy());
    }

    @Test
    public void aFactoryConfigurationAddsAVariant_andDeletingItRemovesIt() throws Exception {
        org.osgi.service.cm.Configuration c = createFactoryConfiguration("org.attune.policy.beloglazov", "thr-mmt-0.9",
                Map.of("name", "thr-mmt-0.9", "detection", "thr", "parameter", "0.9"));
        await("variant thr-mmt-0.9 registered").atMost(WAIT).untilAsserted(() ->
                assertTrue("policies " + names(), names().contains("thr-mmt-0.9")));
        c.delete();
        await("variant thr-mmt-0.9 gone").atMost(WAIT).untilAsserted(() ->
                assertFalse("policies " + names(), names().contains("thr-mmt-0.9")));
        assertTrue(names().containsAll(SHIPPED));
    }
}
