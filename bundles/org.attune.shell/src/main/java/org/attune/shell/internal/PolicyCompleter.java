package org.attune.shell.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.attune.api.orchestrator.Orchestrator;
import org.attune.api.orchestrator.PolicyInfo;

/** Completes the names of the installed policies. */
@Service
public class PolicyCompleter implements Completer {

    @Reference
    Orchestrator orchestrator;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = orchestrator.policies().stream().map(PolicyInfo::name).collect(Collectors.toList());
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
