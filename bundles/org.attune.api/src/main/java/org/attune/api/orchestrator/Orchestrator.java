package org.attune.api.orchestrator;

import java.util.List;

import org.attune.api.ClusterView;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.policy.Plan;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The control loop (monitor, analyse, plan, execute) as seen by the shell and by tests.
 *
 * <p><b>Threading:</b> all methods are thread-safe. <b>Blocking:</b> none blocks for long; a migration
 * runs in the background and is followed through the returned job. <b>Errors:</b> bad input
 * (unknown guest, host or policy) is an {@link IllegalArgumentException} whose message says what exists.
 */
@ProviderType
public interface Orchestrator {

    OrchestratorStatus status();

    /** The view the last cycle built (an empty view before the first cycle). */
    ClusterView view();

    /** A fresh view of the cluster, built now from the drivers' inventories and the metric history. */
    ClusterView currentView();

    Mode mode();

    /**
     * Changes the mode now and persists it as the orchestrator's runtime state (it survives a restart; a later
     * change of the mode in the orchestrator's configuration overrides it).
     */
    void setMode(Mode mode);

    /** The policies available, with the active one marked. */
    List<PolicyInfo> policies();

    /** Name of the active policy, "" when none. */
    String activePolicy();

    /**
     * Makes the named policy the active one from the next cycle on and persists the choice as the orchestrator's
     * runtime state (as {@link #setMode}).
     *
     * @throws IllegalArgumentException when no such policy is installed
     */
    void usePolicy(String name);

    /**
     * What the active policy proposes for the current state; nothing is executed.
     *
     * @throws IllegalStateException when no policy is active
     */
    Plan proposePlan();

    /**
     * Migrates a guest now (an operator's request: the per-guest cooldown does not apply; the concurrency
     * limits, the one-migration-per-guest rule, memory and placement constraints do).
     *
     * @param guest guest name or id
     * @param host  target host name or id
     * @throws IllegalArgumentException when the guest or host is unknown, or the move is impossible
     * @throws IllegalStateException    when the move cannot start now (a migration of the guest in flight, a
     *                                  concurrency limit reached, memory still held by guests leaving the target,
     *                                  the target still booting); the message says what holds it
     * @throws DriverException          when the driver refuses to start the migration
     */
    MigrationJob migrate(String guest, String host, MigrationOptions options) throws DriverException;

    /** Journal entries matching the query, oldest first. */
    List<JournalEntry> journal(JournalQuery query);

    /** Runs one cycle now, on the caller's thread, in addition to the scheduled ones. For tests and tools. */
    void runCycle();
}
