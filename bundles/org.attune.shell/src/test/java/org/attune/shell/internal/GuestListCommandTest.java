package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class GuestListCommandTest extends CommandTestSupport {

    @Test
    void printsGuestsWithHostNames() throws Exception {
        GuestListCommand command = wire(new GuestListCommand());
        command.noFormat = true;

        command.execute();

        assertThat(rows()).containsExactly(
                List.of("app1", "host1", "running", "2", "2048", "app", "1800"),
                List.of("app2", "host1", "running", "2", "2048", "app", "1800"),
                List.of("front", "host1", "running", "1", "1024", "web", "400"));
    }

    @Test
    void showsMigrationsInFlight() throws Exception {
        orchestrator.view = FakeOrchestrator.withApp2Migrating();
        GuestListCommand command = wire(new GuestListCommand());
        command.noFormat = true;

        command.execute();

        assertThat(rows()).contains(List.of("app2", "host1", "running", "2", "2048", "app", "1800", "-> host2 50%"));
    }

    @Test
    void filtersByHostNameOrId() throws Exception {
        GuestListCommand byName = wire(new GuestListCommand());
        byName.host = "host2";
        byName.execute();
        assertThat(output()).contains("No guests on host2").doesNotContain("app1");

        GuestListCommand byId = wire(new GuestListCommand());
        byId.noFormat = true;
        byId.host = "sim-h1";
        byId.execute();
        assertThat(output()).contains("app1", "app2", "front");
    }

    @Test
    void unknownHostIsAnErrorNamingTheHosts() {
        GuestListCommand command = wire(new GuestListCommand());
        command.host = "nosuchhost";

        assertThatThrownBy(command::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nosuchhost").hasMessageContaining("host1, host2, host3");
    }
}
