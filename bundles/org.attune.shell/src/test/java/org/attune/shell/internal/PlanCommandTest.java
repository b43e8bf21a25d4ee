package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.attune.api.orchestrator.PolicyInfo;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.junit.jupiter.api.Test;

class PlanCommandTest extends CommandTestSupport {

    @Test
    void printsEachActionWithItsReasonAndTheNotes() throws Exception {
        orchestrator.plan = new Plan("threshold", List.of(
                Action.live(FakeOrchestrator.APP1, "sim-h1", "sim-h2", "host1 above 85% for 3 cycles"),
                new Action.PowerOn("sim-h3", "no room left")), List.of("1 host overloaded"));
        PlanCommand command = wire(new PlanCommand());
        command.noFormat = true;

        command.execute();

        assertThat(lines().get(0)).isEqualTo("Policy threshold proposes 2 actions (nothing is executed):");
        assertThat(rows()).contains(
                List.of("1", "migrate (live)", "app1", "host1", "host2", "host1 above 85% for 3 cycles"),
                List.of("2", "power on", "", "", "host3", "no room left"));
        assertThat(lines()).containsSubsequence("Notes:", "  1 host overloaded");
        assertThat(orchestrator.calls).containsExactly("proposePlan");
    }

    @Test
    void saysWhenNothingIsProposed() throws Exception {
        wire(new PlanCommand()).execute();

        assertThat(output()).contains("Policy threshold proposes no action now.");
    }

    @Test
    void noActivePolicyIsAnError() {
        orchestrator.policies.replaceAll(p -> new PolicyInfo(p.name(), p.bundle(), false));

        assertThatThrownBy(wire(new PlanCommand())::execute).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No policy");
    }
}
