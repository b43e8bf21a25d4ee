package org.attune.shell.internal;

import java.util.Comparator;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.attune.api.orchestrator.PolicyInfo;

/** Lists the installed policies, the active one marked. */
@Service
@Command(scope = "attune", name = "policy-list", description = "Lists the installed policies; * marks the active one.")
public class PolicyListCommand extends AttuneCommandSupport {

    @Option(name = "--no-format", description = "Plain tab-separated output, no table borders or headers")
    boolean noFormat;

    @Override
    protected void doExecute() {
        ShellTable table = new ShellTable().emptyTableText("No policy installed");
        table.column("Active");
        table.column("Name");
        table.column("Bundle");
        orchestrator.policies().stream().sorted(Comparator.comparing(PolicyInfo::name))
                .forEach(p -> table.addRow().addContent(p.active() ? "*" : "", p.name(), p.bundle()));
        table.print(out(), !noFormat);
    }
}
