package org.attune.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.Subject;

/** Lists the hosts with their state, CPU load, memory and guest count. */
@Service
@Command(scope = "attune", name = "host-list", description = "Lists the hosts: power, availability, CPU load, memory and guests.")
public class HostListCommand extends AttuneCommandSupport {

    @Option(name = "--no-format", description = "Plain tab-separated output, no table borders or headers")
    boolean noFormat;

    @Override
    protected void doExecute() {
        ClusterView view = orchestrator.currentView();
        ShellTable table = new ShellTable()
                .emptyTableText("No hosts: no driver is bound or its inventory is empty (see attune:status)");
        table.column("Name");
        table.column("Driver");
        table.column("Power");
        table.column("Availability");
        table.column("CPU capacity").alignRight();
        table.column("CPU util").alignRight();
        table.column("CPU demand").alignRight();
        table.column("Memory MiB used/total").alignRight();
        table.column("Guests").alignRight();
        view.hosts().stream().sorted(Names.HOST_ORDER).forEach(h -> table.addRow().addContent(
                h.name(),
                h.driverId(),
                Format.lower(h.power()),
                availability(h),
                Format.number(h.cpuCapacity()),
                Format.percent(view.metrics().latest(Subject.host(h.id()), Metrics.CPU_UTILIZATION, Double.NaN)),
                Format.percent(view.hostCpuDemand(h.id())),
                view.memoryCommitted(h.id()) + "/" + h.memoryMiB(),
                view.guestsOn(h.id()).size()));
        table.print(out(), !noFormat);
    }

    private static String availability(Host h) {
        String state = h.availability() == Availability.ONLINE ? "online" : "OFFLINE";
        return h.detail().isEmpty() ? state : state + " (" + h.detail() + ")";
    }
}
