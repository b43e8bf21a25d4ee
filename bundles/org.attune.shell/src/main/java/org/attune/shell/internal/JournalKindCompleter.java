package org.attune.shell.internal;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.attune.api.orchestrator.JournalEntry;

/** Completes journal entry kinds. */
@Service
public class JournalKindCompleter implements Completer {

    private static final List<String> KINDS =
            Arrays.stream(JournalEntry.Kind.values()).map(Enum::name).collect(Collectors.toList());

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(KINDS, false).complete(session, commandLine, candidates);
    }
}
