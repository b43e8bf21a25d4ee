package org.attune.orchestrator.standalone;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

import org.attune.api.ClusterView;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.orchestrator.Mode;
import org.attune.api.orchestrator.Orchestrator;
import org.attune.api.orchestrator.OrchestratorStatus;
import org.attune.api.orchestrator.OrchestratorStatus.PowerActionInfo;
import org.attune.api.orchestrator.PolicyInfo;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.api.power.PowerController;
import org.attune.api.probe.Probe;
import org.attune.api.provision.Provisioner;
import org.attune.orchestrator.internal.OrchestratorEngine;
import org.attune.orchestrator.internal.Plugins;

/**
 * The orchestrator's control loop without OSGi: the same phases, journal and operator API as the Karaf component,
 * with drivers, probes, policies, power controllers and provisioners added and removed by hand. Status, journal,
 * mode, policy choice and operator migrations go through the {@link Orchestrator} interface.
 *
 * <pre>{@code
 * try (StandaloneOrchestrator o = StandaloneOrchestrator.builder()
 *         .settings(OrchestratorSettings.defaults().withPolicy("threshold"))
 *         .clock(clock).manualPendingActions().build()) {
 *     o.addDriver(cluster, "sim");
 *     o.addProbe(probe);
 *     o.addPolicy(policy);
 *     o.runCycle();
 *     o.journal(JournalQuery.all());
 * }
 * }</pre>
 *
 * Nothing runs until {@link #start()} (a cycle every period on a thread of its own) or {@link #runCycle()} (one
 * cycle on the caller's thread). See the package documentation for threading, blocking and errors. Thread-safe.
 */
public final class StandaloneOrchestrator implements Orchestrator, AutoCloseable {

    // The Karaf component's own loop and bindings: this class is their face without OSGi, and holds no logic.
    private final OrchestratorEngine engine;
    private final Plugins plugins;

    private StandaloneOrchestrator(Builder b) {
        this.engine = new OrchestratorEngine(b.settings, b.clock, b.stateFile, !b.manualPendingActions);
        this.plugins = engine.plugins();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds a driver; {@code type} is what its {@link HypervisorDriver#TYPE} property would say. */
    public void addDriver(HypervisorDriver driver, String type) {
        plugins.addDriver(driver, type);
    }

    /** Unbinds a driver; migrations it owned are no longer followed. */
    public void removeDriver(HypervisorDriver driver) {
        plugins.removeDriver(driver);
    }

    public void addProbe(Probe probe) {
        plugins.addProbe(probe);
    }

    public void removeProbe(Probe probe) {
        plugins.removeProbe(probe);
    }

    /** Binds a policy under its own {@link Policy#name()}. */
    public void addPolicy(Policy policy) {
        plugins.addPolicy(policy, null, "");
    }

    /**
     * Binds a policy under a name (what its {@link Policy#NAME} property would say); the one bound last under a
     * name wins.
     */
    public void addPolicy(Policy policy, String name) {
        plugins.addPolicy(policy, name, "");
    }

    public void removePolicy(Policy policy) {
        plugins.removePolicy(policy);
    }

    public void addPowerController(PowerController controller) {
        plugins.addPowerController(controller);
    }

    public void removePowerController(PowerController controller) {
        plugins.removePowerController(controller);
    }

    public void addProvisioner(Provisioner provisioner) {
        plugins.addProvisioner(provisioner);
    }

    public void removeProvisioner(Provisioner provisioner) {
        plugins.removeProvisioner(provisioner);
    }

    /** Runs a cycle every {@link OrchestratorSettings#period()} on a thread of its own, until {@link #stop()}. */
    public void start() {
        engine.start();
    }

    /**
     * Validates the pending (deferred) actions again now, against a fresh view: those that may start now start,
     * those refused now are journaled and dropped, the rest keep waiting. Only in automatic mode, and only for the
     * selected policy's actions. A cycle does this first thing; with {@link Builder#manualPendingActions()} this is
     * how a virtual-time caller lets deferred actions start between cycles (e.g. once its simulation has ended a
     * migration).
     */
    public void processPendingActions() {
        engine.processPendingActions();
    }

    /**
     * Applies new settings, as a changed configuration file would: everything applies at once (a new period
     * reschedules the loop), except that mode and policy change only when the new settings' mode or policy differs
     * from the previous settings' (they are runtime state, which {@link #setMode} and {@link #usePolicy} change).
     */
    public void updateSettings(OrchestratorSettings next) {
        engine.updateSettings(Objects.requireNonNull(next, "settings"));
    }

    /** The settings in force. */
    public OrchestratorSettings settings() {
        return engine.settings();
    }

    /** Power actions a controller is still carrying out (also in {@link #status()}). */
    public List<PowerActionInfo> powerActionsInProgress() {
        return engine.powerActionsInProgress();
    }

    /** Stops the loop and the orchestrator's threads; migrations in flight go on in their drivers. */
    public void stop() {
        engine.stop();
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public OrchestratorStatus status() {
        return engine.status();
    }

    @Override
    public ClusterView view() {
        return engine.view();
    }

    @Override
    public ClusterView currentView() {
        return engine.currentView();
    }

    @Override
    public Mode mode() {
        return engine.mode();
    }

    @Override
    public void setMode(Mode mode) {
        engine.setMode(mode);
    }

    @Override
    public List<PolicyInfo> policies() {
        return engine.policies();
    }

    @Override
    public String activePolicy() {
        return engine.activePolicy();
    }

    @Override
    public void usePolicy(String name) {
        engine.usePolicy(name);
    }

    @Override
    public Plan proposePlan() {
        return engine.proposePlan();
    }

    @Override
    public MigrationJob migrate(String guest, String host, MigrationOptions options) throws DriverException {
        return engine.migrate(guest, host, options);
    }

    @Override
    public List<JournalEntry> journal(JournalQuery query) {
        return engine.journal(query);
    }

    @Override
    public void runCycle() {
        engine.runCycle();
    }

    /** Builds a {@link StandaloneOrchestrator}. Not thread-safe. */
    public static final class Builder {
        private OrchestratorSettings settings = OrchestratorSettings.defaults();
        private Clock clock = Clock.systemUTC();
        private Path stateFile;
        private boolean manualPendingActions;

        private Builder() {
        }

        /** The settings; {@link OrchestratorSettings#defaults()} when not given. */
        public Builder settings(OrchestratorSettings value) {
            settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** The clock of views, journal and timeouts; the system's UTC clock when not given. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * A properties file where mode and policy survive a restart (the Karaf component keeps it in its bundle's
         * data area); without it they live in memory. A file written by a previous run wins over the settings'
         * mode and policy, unless those differ from the ones the file recorded (the settings were changed since).
         */
        public Builder stateFile(Path value) {
            stateFile = value;
            return this;
        }

        /**
         * Pending (deferred) actions are validated again only when a cycle starts and on
         * {@link StandaloneOrchestrator#processPendingActions()}, on the caller's thread, never on their own when a
         * migration or power action ends: what a run on a virtual clock needs to be deterministic.
         */
        public Builder manualPendingActions() {
            manualPendingActions = true;
            return this;
        }

        public StandaloneOrchestrator build() {
            return new StandaloneOrchestrator(this);
        }
    }
}
