package org.attune.orchestrator.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.Mode;
import org.attune.api.orchestrator.PolicyInfo;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the loop runs with: the settings in force, the runtime state (mode and selected policy, kept in a
 * {@link RuntimeStateStore}) and the cycle number. At start the saved state wins, unless the configuration changed
 * since it was saved (edited while down); later a configuration changes mode or policy only when its own value
 * changes, and operators change them at will. Every change of mode or policy is journaled and saved.
 *
 * <p>Thread-safe. A cycle takes its number, settings and state in one step (under this object's monitor), so a
 * change journaled with cycle N applies from cycle N + 1 on.
 */
final class LoopControls {

    private static final Logger LOG = LoggerFactory.getLogger(LoopControls.class);

    /** A cycle's number with the settings and runtime state it goes by. */
    record Snapshot(long cycle, OrchestratorSettings settings, RuntimeState state) {
    }

    private final Journal journal;
    private final RuntimeStateStore store;
    private final PolicyRegistry policies;
    private final AtomicLong cycles = new AtomicLong();
    private final Object saving = new Object();

    private volatile OrchestratorSettings settings;
    private volatile RuntimeState state;
    private volatile String configError;

    /** @param policies the bound policies: which selected policy is installed */
    LoopControls(OrchestratorSettings configured, RuntimeStateStore store, Journal journal, PolicyRegistry policies) {
        this.settings = configured;
        this.store = store;
        this.journal = journal;
        this.policies = policies;
        startState(configured);
    }

    /** The persisted state wins, unless the configuration changed since it was saved (edited while down). */
    private void startState(OrchestratorSettings configured) {
        RuntimeState stored = null;
        try {
            stored = store.load().orElse(null);
        } catch (IOException e) {
            LOG.warn("{}; starting with the configuration's mode and policy", e.getMessage());
            journal.add(0, Kind.ERROR, "", "", "", LoopEvents.error(e.getMessage(),
                    "starting with the configuration's mode and policy"));
        }
        RuntimeState initial = stored == null ? RuntimeState.of(configured) : stored.configured(configured);
        if (stored != null && stored.mode() != initial.mode()) {
            journal.add(0, Kind.MODE_CHANGED, "", "", "", ChangeEvents.modeChanged(stored.mode(), initial.mode(),
                    JournalEvent.CONFIGURATION));
        }
        if (stored != null && !stored.policy().equals(initial.policy())) {
            journal.add(0, Kind.POLICY_CHANGED, initial.policy(), "", "", ChangeEvents.policyChanged(stored.policy(),
                    initial.policy(), JournalEvent.CONFIGURATION, true));
        }
        state = initial;
        if (!initial.equals(stored)) {
            save();
        }
    }

    /** Starts a cycle: its number, with the settings and state it runs with. */
    synchronized Snapshot nextCycle() {
        return new Snapshot(cycles.incrementAndGet(), settings, state);
    }

    /** The current cycle's number with the settings and state in force now. */
    synchronized Snapshot current() {
        return new Snapshot(cycles.get(), settings, state);
    }

    /** The number of the current (or last) cycle, 0 before the first. */
    long cycle() {
        return cycles.get();
    }

    OrchestratorSettings settings() {
        return settings;
    }

    RuntimeState state() {
        return state;
    }

    /** The problem of the configuration refused last; null when the last one applied. */
    String configError() {
        return configError;
    }

    /** The selected policy's name when it is installed, "" otherwise. */
    String activePolicy() {
        return policies.find(state.policy()).map(PolicyRegistry.Entry::name).orElse("");
    }

    /**
     * Applies new settings (a configuration change). Mode and policy change only when the new settings' mode or
     * policy differs from the previous settings' (journaled "(configuration)"); everything else always applies.
     */
    void configure(OrchestratorSettings next) {
        RuntimeState before;
        RuntimeState after;
        long during;
        synchronized (this) {
            before = state;
            after = before.configured(next);
            settings = next;
            state = after;
            configError = null;
            during = cycles.get();
        }
        if (before.mode() != after.mode()) {
            journal.add(during, Kind.MODE_CHANGED, activePolicy(), "", "", ChangeEvents.modeChanged(before.mode(),
                    after.mode(), JournalEvent.CONFIGURATION));
        }
        if (!before.policy().equals(after.policy())) {
            journal.add(during, Kind.POLICY_CHANGED, after.policy(), "", "", ChangeEvents.policyChanged(
                    before.policy(), after.policy(), JournalEvent.CONFIGURATION, policies.find(after.policy())
                            .isPresent()));
        }
        if (!before.equals(after)) {
            save();
        }
    }

    /** Records a configuration that was refused; the previous settings stay in force. */
    void reject(String problem) {
        configError = problem;
        journal.add(cycles.get(), Kind.ERROR, activePolicy(), "", "", LoopEvents.error(problem,
                "previous settings kept"));
    }

    /** An operator's mode. */
    void setMode(Mode mode) {
        Mode previous;
        long during;
        synchronized (this) {
            previous = state.mode();
            state = state.withMode(mode);
            during = cycles.get();
        }
        if (previous != mode) {
            journal.add(during, Kind.MODE_CHANGED, activePolicy(), "", "", ChangeEvents.modeChanged(previous, mode,
                    JournalEvent.OPERATOR));
            save();
        }
    }

    /**
     * An operator's policy.
     *
     * @throws IllegalArgumentException when no policy of that name is installed (the message names those that are)
     */
    void usePolicy(String name) {
        if (policies.find(name).isEmpty()) {
            throw new IllegalArgumentException("unknown policy '" + name + "'; installed: "
                    + KnownNames.of(policies.infos("").stream().map(PolicyInfo::name).toList()));
        }
        String previous;
        long during;
        synchronized (this) {
            previous = state.policy();
            state = state.withPolicy(name);
            during = cycles.get();
        }
        if (!previous.equals(name)) {
            journal.add(during, Kind.POLICY_CHANGED, name, "", "", ChangeEvents.policyChanged(previous, name,
                    JournalEvent.OPERATOR, true));
            save();
        }
    }

    /** Saves the state in force now: concurrent changes may save in any order, the last save has the newest. */
    private void save() {
        synchronized (saving) {
            try {
                store.save(state);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not save the orchestrator's runtime state: {}", e.toString());
                journal.add(cycles.get(), Kind.ERROR, "", "", "", LoopEvents.error("runtime state not saved: " + e,
                        "mode and policy will be the configuration's after a restart"));
            }
        }
    }
}
