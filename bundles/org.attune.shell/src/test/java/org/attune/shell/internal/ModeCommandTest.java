package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.attune.api.orchestrator.Mode;
import org.junit.jupiter.api.Test;

class ModeCommandTest extends CommandTestSupport {

    @Test
    void withoutArgumentPrintsTheMode() throws Exception {
        wire(new ModeCommand()).execute();

        assertThat(output().trim()).isEqualTo("recommend");
        assertThat(orchestrator.calls).isEmpty();
    }

    @Test
    void setsTheModeCaseInsensitively() throws Exception {
        ModeCommand command = wire(new ModeCommand());
        command.mode = "Automatic";

        command.execute();

        assertThat(orchestrator.calls).containsExactly("setMode AUTOMATIC");
        assertThat(orchestrator.mode).isEqualTo(Mode.AUTOMATIC);
        assertThat(output().trim()).isEqualTo("Mode automatic (was recommend)");
    }

    @Test
    void anUnknownModeNamesTheValidOnes() {
        ModeCommand command = wire(new ModeCommand());
        command.mode = "turbo";

        assertThatThrownBy(command::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown mode 'turbo'; use one of off, recommend, automatic");
        assertThat(orchestrator.calls).isEmpty();
    }
}
