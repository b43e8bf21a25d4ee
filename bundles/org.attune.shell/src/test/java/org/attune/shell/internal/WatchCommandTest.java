package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.attune.api.orchestrator.JournalEntry.Kind;
import org.junit.jupiter.api.Test;

class WatchCommandTest extends CommandTestSupport {

    @Test
    void printsALinePerCycleAndEachActionOnce() throws Exception {
        orchestrator.addJournal(1, Kind.ACTION_SUCCEEDED, "front", "sim-h2", "old news");
        List<Duration> pauses = new ArrayList<>();
        WatchCommand command = wire(new WatchCommand());
        command.cycles = 3;
        command.setPause(d -> {
            pauses.add(d);
            // Between lines the loop runs: app2 starts moving, then has moved.
            if (pauses.size() == 1) {
                orchestrator.view = FakeOrchestrator.withApp2Migrating();
                orchestrator.addJournal(8, Kind.ACTION_STARTED, "app2", "sim-h2", "live");
                orchestrator.addJournal(8, Kind.CYCLE, "", "", "not an action");
            } else {
                orchestrator.addJournal(9, Kind.ACTION_SUCCEEDED, "app2", "sim-h2", "in 1.2 s");
            }
        });

        command.execute();

        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(lines()).hasSize(6);
        assertThat(lines().get(0)).startsWith("Mode recommend, policy threshold; a line every 1.0 s, 3 lines");
        assertThat(lines().get(1)).endsWith("#7  host1 90% [app1 app2 front]  host2 10% []  host3 0% OFFLINE []");
        assertThat(lines().get(2)).endsWith("#7  host1 90% [app1 app2>host2 front]  host2 10% []  host3 0% OFFLINE []");
        assertThat(lines().get(3)).isEqualTo("    ACTION_STARTED app2 -> host2 (live)");
        assertThat(lines().get(5)).isEqualTo("    ACTION_SUCCEEDED app2 -> host2 (in 1.2 s)");
        assertThat(output()).doesNotContain("old news", "not an action");
    }

    @Test
    void usesTheGivenInterval() throws Exception {
        List<Duration> pauses = new ArrayList<>();
        WatchCommand command = wire(new WatchCommand());
        command.cycles = 2;
        command.intervalMillis = 250L;
        command.setPause(pauses::add);

        command.execute();

        assertThat(pauses).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void stopsWhenInterrupted() throws Exception {
        WatchCommand command = wire(new WatchCommand());
        command.setPause(d -> {
            throw new InterruptedException();
        });

        command.execute();

        assertThat(lines()).hasSize(2);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void rejectsZeroCycles() {
        WatchCommand command = wire(new WatchCommand());
        command.cycles = 0;

        assertThatThrownBy(command::execute).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cycles");
    }
}
