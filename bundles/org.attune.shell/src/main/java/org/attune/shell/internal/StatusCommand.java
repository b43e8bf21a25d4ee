package org.attune.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.attune.api.driver.DriverStatus;
import org.attune.api.orchestrator.OrchestratorStatus;
import org.attune.api.orchestrator.OrchestratorStatus.DriverInfo;

/** Shows the orchestrator's state: mode, loop, policy, drivers, probes, migrations and errors. */
@Service
@Command(scope = "attune", name = "status", description = "Shows the orchestrator's mode, loop, policy, drivers, probes, migrations and recent errors.")
public class StatusCommand extends AttuneCommandSupport {

    @Override
    protected void doExecute() {
        OrchestratorStatus s = orchestrator.status();
        PrintStream out = out();
        line(out, "Mode", Format.lower(s.mode()));
        line(out, "Period", Format.duration(s.period()));
        line(out, "Cycles", String.valueOf(s.cycles()));
        line(out, "Last cycle", s.lastCycle() == null ? "none yet"
                : Format.dateTime(s.lastCycle()) + " (took " + Format.duration(s.lastCycleDuration()) + ")");
        String active = s.activePolicy().isEmpty() ? "none" : s.activePolicy();
        line(out, "Policy", s.configuredPolicy() == null || s.configuredPolicy().equals(s.activePolicy())
                ? active : active + " (configured: " + s.configuredPolicy() + ", not installed)");
        line(out, "Drivers", s.drivers().isEmpty() ? "none bound" : String.valueOf(s.drivers().size()));
        for (DriverInfo d : s.drivers()) {
            DriverStatus ds = d.status();
            out.printf("  %s (%s): %s%s, %d hosts, %d guests%n", d.id(), d.type(), Format.lower(ds.availability()),
                    ds.detail().isEmpty() ? "" : " - " + ds.detail(), d.hosts(), d.guests());
            ds.problems().forEach(p -> out.println("    problem: " + p));
        }
        line(out, "Probes", s.probes().isEmpty() ? "none bound" : String.join(", ", s.probes()));
        line(out, "Migrations in flight", String.valueOf(s.migrationsInFlight()));
        line(out, "Errors", s.errors().isEmpty() ? "none" : String.valueOf(s.errors().size()));
        s.errors().forEach(e -> out.println("  " + e));
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("%-21s %s%n", label + ":", value);
    }
}
