package org.attune.orchestrator.internal;

import java.util.Objects;

import org.attune.api.orchestrator.Mode;
import org.attune.orchestrator.standalone.OrchestratorSettings;

/**
 * Mode and policy as the loop runs them (commands change them), and the mode and policy the configuration said
 * when they were last decided: a configuration that later says something else was edited since, and wins. Immutable.
 *
 * @param mode             the mode in force
 * @param policy           the policy selected (it may not be installed)
 * @param configuredMode   the configuration's mode when last seen
 * @param configuredPolicy the configuration's policy when last seen
 */
record RuntimeState(Mode mode, String policy, Mode configuredMode, String configuredPolicy) {

    RuntimeState {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(configuredMode, "configuredMode");
        Objects.requireNonNull(configuredPolicy, "configuredPolicy");
    }

    /** The state of a first start: the configuration's. */
    static RuntimeState of(OrchestratorSettings configured) {
        return new RuntimeState(configured.mode(), configured.policy(), configured.mode(), configured.policy());
    }

    /**
     * The state after a configuration (at start, or changed while running): a mode or policy that differs from the
     * configuration recorded here applies; one that does not leaves what commands chose.
     */
    RuntimeState configured(OrchestratorSettings next) {
        return new RuntimeState(next.mode() != configuredMode ? next.mode() : mode,
                next.policy().equals(configuredPolicy) ? policy : next.policy(), next.mode(), next.policy());
    }

    RuntimeState withMode(Mode newMode) {
        return new RuntimeState(newMode, policy, configuredMode, configuredPolicy);
    }

    RuntimeState withPolicy(String newPolicy) {
        return new RuntimeState(mode, newPolicy, configuredMode, configuredPolicy);
    }
}
