package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PolicyCommandsTest extends CommandTestSupport {

    @Test
    void listMarksTheActivePolicy() throws Exception {
        PolicyListCommand command = wire(new PolicyListCommand());
        command.noFormat = true;

        command.execute();

        assertThat(rows()).containsExactly(
                List.of("", "noop", "org.attune.policy.noop"),
                List.of("*", "threshold", "org.attune.policy.threshold"));
    }

    @Test
    void useSwitchesThePolicy() throws Exception {
        PolicyUseCommand command = wire(new PolicyUseCommand());
        command.policy = "noop";

        command.execute();

        assertThat(orchestrator.calls).containsExactly("usePolicy noop");
        assertThat(orchestrator.activePolicy()).isEqualTo("noop");
        assertThat(output()).contains("Policy noop is active from the next cycle on (was threshold)");
    }

    @Test
    void usingAnUnknownPolicyIsAnError() {
        PolicyUseCommand command = wire(new PolicyUseCommand());
        command.policy = "magic";

        assertThatThrownBy(command::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("magic").hasMessageContaining("threshold");
    }
}
