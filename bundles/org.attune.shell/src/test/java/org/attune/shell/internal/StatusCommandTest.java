package org.attune.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusCommandTest extends CommandTestSupport {

    @Test
    void printsEverySection() throws Exception {
        wire(new StatusCommand()).execute();

        assertThat(lines()).contains(
                "Mode:                 recommend",
                "Period:               1.0 s",
                "Cycles:               42",
                "Policy:               threshold",
                "Drivers:              1",
                "  sim (sim): online - simulating 3 hosts, 3 hosts, 3 guests",
                "    problem: host4: bad capacity",
                "Probes:               cpu",
                "Migrations in flight: 1",
                "Power actions:        1",
                "Pending actions:      1",
                "  migrate app1 sim-h1 -> sim-h3: waits for host3 to finish booting [BOOTING] (energy, cycle 41)",
                "Errors:               1",
                "  probe cpu: timed out");
        assertThat(output()).containsPattern("Last cycle: +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(took 3 ms\\)");
        assertThat(output()).containsPattern("\n  power-on sim-h3 through sim:sim since \\d\\d:\\d\\d:\\d\\d \\(energy\\)\n");
    }
}
