package org.attune.shell.internal;

import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.Series;
import org.attune.api.Subject;

/** Lists the guests, where they run and what they demand. */
@Service
@Command(scope = "attune", name = "guest-list", description = "Lists the guests: host, state, size, tier, CPU demand and any migration in flight.")
public class GuestListCommand extends AttuneCommandSupport {

    @Option(name = "--host", description = "Only the guests on this host (name or id)")
    @Completion(HostCompleter.class)
    String host;

    @Option(name = "--no-format", description = "Plain tab-separated output, no table borders or headers")
    boolean noFormat;

    @Override
    protected void doExecute() {
        ClusterView view = orchestrator.currentView();
        Stream<Guest> guests = view.guests().stream();
        if (host != null) {
            String hostId = Names.requireHost(view, host).id();
            guests = guests.filter(g -> hostId.equals(view.hostOf(g.id())));
        }
        ShellTable table = new ShellTable().emptyTableText(host == null ? "No guests" : "No guests on " + host);
        table.column("Name");
        table.column("Host");
        table.column("State");
        table.column("vCPUs").alignRight();
        table.column("Memory MiB").alignRight();
        table.column("Tier");
        table.column("CPU demand").alignRight();
        table.column("Migration");
        guests.sorted(Names.GUEST_ORDER).forEach(g -> table.addRow().addContent(
                g.name(),
                Names.hostName(view, view.hostOf(g.id())),
                Format.lower(g.state()),
                g.vcpus(),
                g.memoryMiB(),
                g.tier(),
                cpuDemand(view, g),
                migration(view, g)));
        table.print(out(), !noFormat);
    }

    private static String cpuDemand(ClusterView view, Guest g) {
        Series demand = view.metrics().series(Subject.guest(g.id()), Metrics.CPU_DEMAND);
        return demand.isEmpty() ? "-" : Format.number(demand.latest(0));
    }

    private static String migration(ClusterView view, Guest g) {
        MigrationInFlight m = view.inFlight().get(g.id());
        if (m == null) {
            return "";
        }
        String to = "-> " + Names.hostName(view, m.toHostId());
        return m.fractionDone() < 0 ? to : to + " " + Format.percent(m.fractionDone());
    }
}
