package org.attune.policy.locality.internal;

import org.attune.api.policy.Policy;
import org.attune.policy.locality.LocalityPolicy;
import org.attune.policy.locality.LocalitySettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The P3 locality policy as a service. Without configuration one instance named {@code locality} runs;
 * each factory configuration {@code org.attune.policy.locality-<x>.cfg} is an instance of its own. There is
 * no modified method on purpose: the name is a service property the orchestrator binds by, so a changed
 * configuration re-creates the instance (the loop falls back to monitoring for that moment, as on any swap).
 */
@Component(name = LocalityPolicyComponent.PID, configurationPid = LocalityPolicyComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Policy.class,
        property = Policy.NAME + "=" + LocalityPolicy.NAME)
@Designate(ocd = LocalityConfiguration.class, factory = true)
public class LocalityPolicyComponent extends LocalityPolicy {

    static final String PID = "org.attune.policy.locality";

    private static final Logger LOG = LoggerFactory.getLogger(LocalityPolicyComponent.class);

    /** @throws IllegalArgumentException naming the bad values; DS logs it and the instance stays away */
    @Activate
    public LocalityPolicyComponent(LocalityConfiguration config) {
        super(settings(config));
        LOG.info("Locality policy active: {}", settings());
    }

    /** The validated settings of a configuration. */
    static LocalitySettings settings(LocalityConfiguration c) {
        return new LocalitySettings(c.attune_policy_name(), c.historyCycles(), c.cpuCeiling(),
                c.minGainBytesPerSecond(), c.maxMigrations());
    }
}
