package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JournalCommandTest extends CommandTestSupport {

    @BeforeEach
    void fillJournal() {
        orchestrator.addJournal(1, Kind.CYCLE, "", "", "3 hosts, 3 guests");
        orchestrator.addJournal(2, Kind.ACTION_STARTED, "app1", "sim-h3", "live migration started");
        orchestrator.addJournal(2, Kind.ACTION_SUCCEEDED, "app1", "sim-h3", "in 2.1 s");
        orchestrator.addJournal(3, Kind.ACTION_SUCCEEDED, "app2", "sim-h2", "in 1.9 s");
    }

    @Test
    void printsTheNewestEntries() throws Exception {
        JournalCommand command = wire(new JournalCommand());
        command.noFormat = true;

        command.execute();

        assertThat(orchestrator.journalQueries).containsExactly(new JournalQuery(20, null, Set.of()));
        assertThat(rows()).hasSize(4);
        assertThat(rows().get(1)).endsWith("2", "ACTION_STARTED", "threshold", "app1", "host3", "live migration started");
    }

    @Test
    void filtersByGuestKindAndCount() throws Exception {
        JournalCommand command = wire(new JournalCommand());
        command.noFormat = true;
        command.limit = 5;
        command.guest = "app1";
        command.kinds = List.of("action_succeeded");

        command.execute();

        assertThat(orchestrator.journalQueries).containsExactly(new JournalQuery(5, "app1", Set.of(Kind.ACTION_SUCCEEDED)));
        assertThat(rows()).hasSize(1);
        assertThat(rows().get(0)).endsWith("ACTION_SUCCEEDED", "threshold", "app1", "host3", "in 2.1 s");
    }

    @Test
    void kindsMayBeRepeatedCommaSeparatedOrPrefixes() {
        assertThat(JournalCommand.parseKinds(List.of("cycle,plan", "ACTION_*")))
                .containsExactlyInAnyOrder(Kind.CYCLE, Kind.PLAN, Kind.ACTION_STARTED, Kind.ACTION_SUCCEEDED,
                        Kind.ACTION_FAILED, Kind.ACTION_ABORTED, Kind.ACTION_SKIPPED);
        assertThat(JournalCommand.parseKinds(null)).isEmpty();
    }

    @Test
    void anUnknownKindNamesTheValidOnes() {
        JournalCommand command = wire(new JournalCommand());
        command.kinds = List.of("MIGRATED");

        assertThatThrownBy(command::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MIGRATED").hasMessageContaining("ACTION_SUCCEEDED");
    }

    @Test
    void saysWhenNothingMatches() throws Exception {
        JournalCommand command = wire(new JournalCommand());
        command.guest = "front";

        command.execute();

        assertThat(output()).contains("No journal entries match");
    }
}
