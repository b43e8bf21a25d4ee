package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.attune.api.ClusterView;
import org.junit.jupiter.api.Test;

class HostListCommandTest extends CommandTestSupport {

    @Test
    void printsOneRowPerHostByName() throws Exception {
        HostListCommand command = wire(new HostListCommand());
        command.noFormat = true;

        command.execute();

        assertThat(rows()).containsExactly(
                List.of("host1", "sim", "on", "online", "4000", "90%", "100%", "5120/8192", "3"),
                List.of("host2", "sim", "on", "online", "4000", "10%", "0%", "0/8192", "0"),
                List.of("host3", "sim", "on", "OFFLINE (connection refused)", "2000", "-", "0%", "0/4096", "0"));
    }

    @Test
    void formattedTableHasHeaders() throws Exception {
        wire(new HostListCommand()).execute();

        assertThat(lines().get(0)).contains("Name", "Driver", "Power", "Availability", "CPU util", "CPU demand",
                "Memory MiB used/total", "Guests");
        assertThat(output()).contains("host1").doesNotContain("sim-h1");
    }

    @Test
    void saysWhenThereAreNoHosts() throws Exception {
        orchestrator.view = ClusterView.builder().build();

        wire(new HostListCommand()).execute();

        assertThat(output()).contains("No hosts");
    }
}
