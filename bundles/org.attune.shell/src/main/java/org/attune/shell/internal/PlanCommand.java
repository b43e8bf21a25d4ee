package org.attune.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.attune.api.ClusterView;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;

/** Shows what the active policy would do now; executes nothing. */
@Service
@Command(scope = "attune", name = "plan", description = "Shows what the active policy proposes now, with its reasons. Nothing is executed.")
public class PlanCommand extends AttuneCommandSupport {

    @Option(name = "--no-format", description = "Plain tab-separated output, no table borders or headers")
    boolean noFormat;

    @Override
    protected void doExecute() {
        Plan plan = orchestrator.proposePlan();
        ClusterView view = orchestrator.currentView();
        PrintStream out = out();
        List<Action> actions = plan.actions();
        if (actions.isEmpty()) {
            out.printf("Policy %s proposes no action now.%n", plan.policy());
        } else {
            out.printf("Policy %s proposes %d action%s (nothing is executed):%n", plan.policy(), actions.size(),
                    actions.size() == 1 ? "" : "s");
            ShellTable table = new ShellTable();
            table.column("#").alignRight();
            table.column("Action");
            table.column("Guest");
            table.column("From");
            table.column("To");
            table.column("Reason");
            int i = 1;
            for (Action action : actions) {
                if (action instanceof Action.Migrate m) {
                    table.addRow().addContent(i++, "migrate (" + Format.lower(m.mode()) + ")",
                            Names.guestName(view, m.guestId()), Names.hostName(view, m.fromHostId()),
                            Names.hostName(view, m.toHostId()), m.reason());
                } else if (action instanceof Action.PowerOff off) {
                    table.addRow().addContent(i++, "power off", "", Names.hostName(view, off.hostId()), "", off.reason());
                } else if (action instanceof Action.PowerOn on) {
                    table.addRow().addContent(i++, "power on", "", "", Names.hostName(view, on.hostId()), on.reason());
                }
            }
            table.print(out, !noFormat);
        }
        if (!plan.notes().isEmpty()) {
            out.println("Notes:");
            plan.notes().forEach(note -> out.println("  " + note));
        }
    }
}
