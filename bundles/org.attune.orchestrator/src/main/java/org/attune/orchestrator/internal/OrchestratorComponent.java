package org.attune.orchestrator.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.attune.api.driver.HypervisorDriver;
import org.attune.api.orchestrator.Orchestrator;
import org.attune.api.policy.Policy;
import org.attune.api.power.PowerController;
import org.attune.api.probe.Probe;
import org.attune.api.provision.Provisioner;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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
 * The orchestrator as a DS component: binds every driver, probe, policy and provisioner dynamically, so
 * plugins can come and go while the loop runs, and persists mode and policy changes made by commands into
 * its own configuration.
 */
@Component(name = OrchestratorComponent.PID, configurationPid = OrchestratorComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Orchestrator.class, immediate = true)
@Designate(ocd = OrchestratorConfiguration.class)
public class OrchestratorComponent extends OrchestratorEngine {

    static final String PID = "org.attune.orchestrator";
    /** Written next to a command's mode or policy: which command it was (see {@link #modified}). */
    static final String COMMAND_SEQUENCE = "attune.command.sequence";

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorComponent.class);

    private final ConfigurationAdmin configurationAdmin;

    @Activate
    public OrchestratorComponent(OrchestratorConfiguration config, @Reference ConfigurationAdmin configurationAdmin) {
        super(Settings.from(config), Clock.systemUTC());
        this.configurationAdmin = configurationAdmin;
        setPersister(this::persist);
        start();
        LOG.info("Attune orchestrator started: period {}, mode {}, policy {}", settings().period(),
                settings().mode(), settings().policy());
    }

    /**
     * Commands persist their choice into this configuration, and Config Admin delivers each write back here
     * asynchronously: when commands follow each other quickly, an echo can arrive after a newer command. The
     * command number written with each choice tells such echoes apart; a configuration without it comes from the
     * etc/ file (Karaf's file install may push it again unchanged) and changes mode or policy only when the file
     * does.
     */
    @Modified
    void modified(OrchestratorConfiguration config, Map<String, Object> properties) {
        try {
            updateSettings(Settings.from(config), commandSequence(properties));
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
        addDriver(driver, String.valueOf(properties.getOrDefault(HypervisorDriver.TYPE, "")));
    }

    void unbindDriver(HypervisorDriver driver) {
        removeDriver(driver);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProbe(Probe probe) {
        addProbe(probe);
    }

    void unbindProbe(Probe probe) {
        removeProbe(probe);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPolicy(Policy policy, ServiceReference<Policy> reference) {
        Object name = reference.getProperty(Policy.NAME);
        addPolicy(policy, name == null ? null : name.toString(), reference.getBundle() == null ? ""
                : reference.getBundle().getSymbolicName());
    }

    void unbindPolicy(Policy policy) {
        removePolicy(policy);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProvisioner(Provisioner provisioner) {
        addProvisioner(provisioner);
    }

    void unbindProvisioner(Provisioner provisioner) {
        removeProvisioner(provisioner);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPowerController(PowerController controller) {
        addPowerController(controller);
    }

    void unbindPowerController(PowerController controller) {
        removePowerController(controller);
    }

    /** Writes one key into this component's configuration, so a command's choice survives a restart. */
    private void persist(String key, String value, long sequence) {
        try {
            Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                properties = new Hashtable<>();
            }
            properties.put(key, value);
            properties.put(COMMAND_SEQUENCE, Long.toString(sequence));
            properties.remove(Constants.SERVICE_PID);
            configuration.update(properties);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not persist {}={} in configuration {}: {}", key, value, PID, e.toString());
        }
    }

    private static long commandSequence(Map<String, Object> properties) {
        Object value = properties.get(COMMAND_SEQUENCE);
        if (value == null) {
            return EXTERNAL;
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return EXTERNAL;
        }
    }
}
