package org.attune.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.attune.api.orchestrator.Orchestrator;

/** Completes guest names from the orchestrator's current view. */
@Service
public class GuestCompleter implements Completer {

    @Reference
    Orchestrator orchestrator;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(Names.guestNames(orchestrator.currentView()))
                .complete(session, commandLine, candidates);
    }
}
