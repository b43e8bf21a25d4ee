package org.attune.shell.internal;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.attune.api.ClusterView;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;

/** Shows the orchestrator's journal: cycles, plans, actions and their outcomes, changes, errors. */
@Service
@Command(scope = "attune", name = "journal", description = "Shows the newest journal entries, oldest first.")
public class JournalCommand extends AttuneCommandSupport {

    @Option(name = "-n", aliases = "--limit", description = "At most this many entries, the newest (0 for all kept)")
    int limit = 20;

    @Option(name = "--guest", description = "Only entries about this guest (name or id)")
    @Completion(GuestCompleter.class)
    String guest;

    @Option(name = "--kind", multiValued = true,
            description = "Only entries of this kind (repeatable, or comma-separated; a trailing * matches a prefix, e.g. ACTION_*)")
    @Completion(JournalKindCompleter.class)
    List<String> kinds;

    @Option(name = "--no-format", description = "Plain tab-separated output, no table borders or headers")
    boolean noFormat;

    @Override
    protected void doExecute() {
        JournalQuery query = new JournalQuery(limit, guest, parseKinds(kinds));
        List<JournalEntry> entries = orchestrator.journal(query);
        ClusterView view = orchestrator.view();
        ShellTable table = new ShellTable().emptyTableText("No journal entries match");
        table.column("Time");
        table.column("Cycle").alignRight();
        table.column("Kind");
        table.column("Policy");
        table.column("Guest");
        table.column("Host");
        table.column("Message");
        for (JournalEntry e : entries) {
            table.addRow().addContent(Format.dateTime(e.time()), e.cycle(), e.kind(), e.policy(),
                    Names.guestName(view, e.guest()), Names.hostName(view, e.host()), e.message());
        }
        table.print(out(), !noFormat);
    }

    /** Kind names, case-insensitive, comma-separated or repeated; "PREFIX*" matches every kind that starts so. */
    static Set<Kind> parseKinds(List<String> names) {
        if (names == null || names.isEmpty()) {
            return Set.of();
        }
        Set<Kind> result = EnumSet.noneOf(Kind.class);
        for (String item : names) {
            for (String raw : item.split(",")) {
                String name = raw.trim().toUpperCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                List<Kind> matching = Arrays.stream(Kind.values())
                        .filter(k -> name.endsWith("*") ? k.name().startsWith(name.substring(0, name.length() - 1))
                                : k.name().equals(name))
                        .collect(Collectors.toList());
                if (matching.isEmpty()) {
                    throw new IllegalArgumentException("Unknown journal kind '" + raw.trim() + "'; kinds: "
                            + Arrays.stream(Kind.values()).map(Enum::name).collect(Collectors.joining(", ")));
                }
                result.addAll(matching);
            }
        }
        return result;
    }
}
