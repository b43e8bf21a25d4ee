package org.attune.policy.consolidation.internal;

import org.attune.api.policy.Policy;
import org.attune.policy.consolidation.ConsolidationPolicy;
import org.attune.policy.consolidation.ConsolidationSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The P1 overbooking policy as a service. Without configuration one instance named {@code consolidation} runs;
 * each factory configuration {@code org.attune.policy.consolidation-<x>.cfg} is an instance of its own. There is
 * no modified method on purpose: the name is a service property the orchestrator binds by, so a changed
 * configuration re-creates the instance (the loop falls back to monitoring for that moment, as on any swap).
 */
@Component(name = ConsolidationPolicyComponent.PID, configurationPid = ConsolidationPolicyComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Policy.class,
        property = Policy.NAME + "=" + ConsolidationPolicy.NAME)
@Designate(ocd = ConsolidationConfiguration.class, factory = true)
public class ConsolidationPolicyComponent extends ConsolidationPolicy {

    static final String PID = "org.attune.policy.consolidation";

    private static final Logger LOG = LoggerFactory.getLogger(ConsolidationPolicyComponent.class);

    /** @throws IllegalArgumentException naming the bad values; DS logs it and the instance stays away */
    @Activate
    public ConsolidationPolicyComponent(ConsolidationConfiguration config) {
        super(settings(config));
        LOG.info("Consolidation policy active: {}", settings());
    }

    /** The validated settings of a configuration. */
    static ConsolidationSettings settings(ConsolidationConfiguration c) {
        return new ConsolidationSettings(c.attune_policy_name(), c.historyCycles(), c.activeShare(), c.cpuCeiling(),
                c.maxMigrations());
    }
}
