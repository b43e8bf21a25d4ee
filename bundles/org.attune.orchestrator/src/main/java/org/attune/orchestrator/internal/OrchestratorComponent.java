package org.attune.orchestrator.internal;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.attune.api.driver.HypervisorDriver;
import org.attune.api.orchestrator.Orchestrator;
import org.attune.api.policy.Policy;
import org.attune.api.power.PowerController;
import org.attune.api.probe.Probe;
import org.attune.api.provision.Provisioner;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator as a DS component: binds every driver, probe, policy, provisioner and power controller
 * dynamically, so plugins can come and go while the loop runs. Mode and policy chosen by commands are runtime state,
 * kept in {@value #STATE_FILE} in the bundle's data area; the configuration is only ever read.
 */
@Component(name = OrchestratorComponent.PID, configurationPid = OrchestratorComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Orchestrator.class, immediate = true)
@Designate(ocd = OrchestratorConfiguration.class)
public class OrchestratorComponent extends OrchestratorEngine {

    static final String PID = "org.attune.orchestrator";
    /** The runtime state's file in the bundle's data area. */
    static final String STATE_FILE = "runtime-state.properties";

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorComponent.class);

    @Activate
    public OrchestratorComponent(OrchestratorConfiguration config, BundleContext context) {
        super(ConfigurationSettings.from(config), Clock.systemUTC(), stateFile(context), true);
        start();
        LOG.info("Attune orchestrator started: period {}, mode {}, policy {}", settings().period(), mode(),
                runtimeState().policy());
    }

    /** The bundle's data area, or memory when the framework has no file system support. */
    private static Path stateFile(BundleContext context) {
        File file = context.getDataFile(STATE_FILE);
        if (file == null) {
            LOG.warn("No data area for bundle {}: mode and policy set by commands will not survive a restart",
                    context.getBundle().getSymbolicName());
            return null;
        }
        return file.toPath();
    }

    /**
     * A changed configuration applies; its mode or policy only when they differ from the previous configuration's
     * (a file pushed again unchanged does not undo a command).
     */
    @Modified
    void modified(OrchestratorConfiguration config) {
        try {
            updateSettings(ConfigurationSettings.from(config));
        } catch (IllegalArgumentException e) {
            LOG.error("{}; previous settings kept", e.getMessage());
            rejectSettings(e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriver(HypervisorDriver driver, Map<String, Object> properties) {
        plugins().addDriver(driver, String.valueOf(properties.getOrDefault(HypervisorDriver.TYPE, "")));
    }

    void unbindDriver(HypervisorDriver driver) {
        plugins().removeDriver(driver);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProbe(Probe probe) {
        plugins().addProbe(probe);
    }

    void unbindProbe(Probe probe) {
        plugins().removeProbe(probe);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPolicy(Policy policy, ServiceReference<Policy> reference) {
        Object name = reference.getProperty(Policy.NAME);
        plugins().addPolicy(policy, name == null ? null : name.toString(), reference.getBundle() == null ? ""
                : reference.getBundle().getSymbolicName());
    }

    void unbindPolicy(Policy policy) {
        plugins().removePolicy(policy);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProvisioner(Provisioner provisioner) {
        plugins().addProvisioner(provisioner);
    }

    void unbindProvisioner(Provisioner provisioner) {
        plugins().removeProvisioner(provisioner);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPowerController(PowerController controller) {
        plugins().addPowerController(controller);
    }

    void unbindPowerController(PowerController controller) {
        plugins().removePowerController(controller);
    }
}
