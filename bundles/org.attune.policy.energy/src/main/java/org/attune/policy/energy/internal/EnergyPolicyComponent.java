package org.attune.policy.energy.internal;

import org.attune.api.policy.Policy;
import org.attune.policy.energy.EnergyPolicy;
import org.attune.policy.energy.EnergySettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The P2 energy policy as a service. Without configuration one instance named {@code energy} runs;
 * each factory configuration {@code org.attune.policy.energy-<x>.cfg} is an instance of its own. There is
 * no modified method on purpose: the name is a service property the orchestrator binds by, so a changed
 * configuration re-creates the instance (the loop falls back to monitoring for that moment, as on any swap).
 */
@Component(name = EnergyPolicyComponent.PID, configurationPid = EnergyPolicyComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Policy.class,
        property = Policy.NAME + "=" + EnergyPolicy.NAME)
@Designate(ocd = EnergyConfiguration.class, factory = true)
public class EnergyPolicyComponent extends EnergyPolicy {

    static final String PID = "org.attune.policy.energy";

    private static final Logger LOG = LoggerFactory.getLogger(EnergyPolicyComponent.class);

    /** @throws IllegalArgumentException naming the bad values; DS logs it and the instance stays away */
    @Activate
    public EnergyPolicyComponent(EnergyConfiguration config) {
        super(settings(config));
        LOG.info("Energy policy active: {}", settings());
    }

    /** The validated settings of a configuration. */
    static EnergySettings settings(EnergyConfiguration c) {
        return new EnergySettings(c.attune_policy_name(), c.historyCycles(), c.targetUtilization(),
                c.powerOnThreshold(), c.powerOffThreshold(), c.minHostsOn(), c.maxMigrations());
    }
}
