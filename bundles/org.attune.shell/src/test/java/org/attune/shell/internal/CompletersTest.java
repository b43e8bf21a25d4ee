package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.support.completers.ArgumentCommandLine;
import org.junit.jupiter.api.Test;

class CompletersTest {

    private final FakeOrchestrator orchestrator = new FakeOrchestrator();

    private static List<String> complete(Completer completer, String typed) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, new ArgumentCommandLine(typed, typed.length()), candidates);
        return candidates.stream().map(String::trim).toList();
    }

    @Test
    void guestsCompleteByName() {
        GuestCompleter completer = new GuestCompleter();
        completer.orchestrator = orchestrator;

        assertThat(complete(completer, "app")).containsExactlyInAnyOrder("app1", "app2");
        assertThat(complete(completer, "")).containsExactlyInAnyOrder("app1", "app2", "front");
    }

    @Test
    void hostsCompleteByName() {
        HostCompleter completer = new HostCompleter();
        completer.orchestrator = orchestrator;

        assertThat(complete(completer, "host")).containsExactlyInAnyOrder("host1", "host2", "host3");
        assertThat(complete(completer, "sim")).isEmpty();
    }

    @Test
    void policiesCompleteByName() {
        PolicyCompleter completer = new PolicyCompleter();
        completer.orchestrator = orchestrator;

        assertThat(complete(completer, "th")).containsExactly("threshold");
    }

    @Test
    void journalKindsCompleteCaseInsensitively() {
        assertThat(complete(new JournalKindCompleter(), "action_s"))
                .containsExactlyInAnyOrder("ACTION_STARTED", "ACTION_SUCCEEDED", "ACTION_SKIPPED");
    }
}
