package org.attune.orchestrator.internal;

import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.attune.api.driver.HypervisorDriver;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.policy.Policy;
import org.attune.api.power.PowerController;
import org.attune.api.probe.Probe;
import org.attune.api.provision.Provisioner;

/**
 * Binds and unbinds the loop's plugins (drivers, probes, policies, provisioners, power controllers) at any time
 * while it runs: the one way in for the DS component and for
 * {@link org.attune.orchestrator.standalone.StandaloneOrchestrator}. Driver changes are journaled, and so are those
 * of the selected policy. Public only for the standalone package (this one is not exported). Thread-safe.
 */
public final class Plugins {

    private final Journal journal;
    private final LongSupplier cycles;
    private final Supplier<String> activePolicy;
    private final DriversAndProbes sources;
    private final PlanPhase planner;
    private final ExecutePhase execution;
    private final Provisioners provisioners;
    private final PowerExecutor power;

    /**
     * @param cycles       the current cycle number, for the journal
     * @param activePolicy the active policy's name, for the journal
     */
    Plugins(Journal journal, LongSupplier cycles, Supplier<String> activePolicy, DriversAndProbes sources,
            PlanPhase planner, ExecutePhase execution, Provisioners provisioners, PowerExecutor power) {
        this.journal = journal;
        this.cycles = cycles;
        this.activePolicy = activePolicy;
        this.sources = sources;
        this.planner = planner;
        this.execution = execution;
        this.provisioners = provisioners;
        this.power = power;
    }

    /** @param type what the driver's {@link HypervisorDriver#TYPE} property says; null for none */
    public void addDriver(HypervisorDriver driver, String type) {
        sources.addDriver(driver, type);
        journal.add(cycles.getAsLong(), Kind.DRIVER_CHANGED, activePolicy.get(), "", "",
                ChangeEvents.driverBound(driver.id(), type == null ? "" : type));
    }

    /** Unbinds a driver; migrations it owned are no longer followed (their jobs will never report). */
    public void removeDriver(HypervisorDriver driver) {
        Set<String> guests = sources.removeDriver(driver);
        int dropped = execution.forgetGuests(guests);
        journal.add(cycles.getAsLong(), Kind.DRIVER_CHANGED, activePolicy.get(), "", "",
                ChangeEvents.driverUnbound(driver.id(), dropped));
    }

    public void addProbe(Probe probe) {
        sources.addProbe(probe);
    }

    public void removeProbe(Probe probe) {
        sources.removeProbe(probe);
    }

    /**
     * @param name   the policy's {@link Policy#NAME}; null or blank for its {@link Policy#name()}
     * @param bundle where it came from, for {@link org.attune.api.orchestrator.Orchestrator#policies()}
     */
    public void addPolicy(Policy policy, String name, String bundle) {
        planner.bind(policy, name, bundle, cycles.getAsLong());
    }

    public void removePolicy(Policy policy) {
        planner.unbind(policy, cycles.getAsLong());
    }

    public void addProvisioner(Provisioner provisioner) {
        provisioners.add(provisioner);
    }

    public void removeProvisioner(Provisioner provisioner) {
        provisioners.remove(provisioner);
    }

    public void addPowerController(PowerController controller) {
        power.addController(controller);
    }

    public void removePowerController(PowerController controller) {
        power.removeController(controller);
    }
}
