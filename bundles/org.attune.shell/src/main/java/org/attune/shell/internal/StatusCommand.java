package org.attune.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.attune.api.driver.DriverStatus;
import org.attune.api.orchestrator.OrchestratorStatus;
import org.attune.api.orchestrator.OrchestratorStatus.DriverInfo;
import org.attune.api.orchestrator.OrchestratorStatus.PendingActionInfo;
import org.attune.api.orchestrator.OrchestratorStatus.PowerActionInfo;

/**
 * Shows the orchestrator's state: mode, loop, policy, drivers, probes, migrations, power actions in progress,
 * actions waiting to start, and errors.
 */
@Service
@Command(scope = "attune", name = "status", description = "Shows the orchestrator's mode, loop, policy, drivers, probes, migrations, power actions in progress, pending actions and recent errors.")
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
        line(out, "Power actions", s.powerActions().isEmpty() ? "none" : String.valueOf(s.powerActions().size()));
        for (PowerActionInfo p : s.powerActions()) {
            out.printf("  %s %s through %s since %s%s%n", p.action(), p.hostId(), p.controller(),
                    Format.time(p.started()), p.initiator().isEmpty() ? "" : " (" + p.initiator() + ")");
        }
        line(out, "Pending actions", s.pendingActions().isEmpty() ? "none" : String.valueOf(s.pendingActions().size()));
        for (PendingActionInfo p : s.pendingActions()) {
            String what = p.guest().isEmpty() ? p.action() + " " + p.hostId()
                    : p.action() + " " + p.guest() + " " + p.fromHostId() + " -> " + p.hostId();
            out.printf("  %s: %s [%s] (%s, cycle %d)%n", what, p.detail(), p.waitingFor(), p.initiator(), p.cycle());
        }
        line(out, "Errors", s.errors().isEmpty() ? "none" : String.valueOf(s.errors().size()));
        s.errors().forEach(e -> out.println("  " + e));
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("%-21s %s%n", label + ":", value);
    }
}
