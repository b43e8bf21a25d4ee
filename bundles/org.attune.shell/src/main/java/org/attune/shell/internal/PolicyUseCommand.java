package org.attune.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Switches the active policy. */
@Service
@Command(scope = "attune", name = "policy-use", description = "Makes a policy the active one from the next cycle on (persisted as the orchestrator's runtime state; a changed policy in etc/org.attune.orchestrator.cfg still wins).")
public class PolicyUseCommand extends AttuneCommandSupport {

    @Argument(index = 0, name = "policy", required = true, description = "The policy's name")
    @Completion(PolicyCompleter.class)
    String policy;

    @Override
    protected void doExecute() {
        String before = orchestrator.activePolicy();
        orchestrator.usePolicy(policy);
        out().printf("Policy %s is active from the next cycle on (was %s)%n", policy,
                before.isEmpty() ? "none" : before);
    }
}
