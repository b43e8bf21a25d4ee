package org.attune.policy.threshold.internal;

import org.attune.api.policy.Policy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The threshold policy as a service; a configuration change applies from the next plan on. */
@Component(name = ThresholdPolicyComponent.PID, configurationPid = ThresholdPolicyComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Policy.class,
        property = Policy.NAME + "=" + ThresholdPolicy.NAME)
@Designate(ocd = ThresholdConfiguration.class)
public class ThresholdPolicyComponent extends ThresholdPolicy {

    static final String PID = "org.attune.policy.threshold";

    private static final Logger LOG = LoggerFactory.getLogger(ThresholdPolicyComponent.class);

    @Activate
    public ThresholdPolicyComponent(ThresholdConfiguration config) {
        super(ThresholdSettings.from(config));
        LOG.info("Threshold policy active: {}", settings());
    }

    @Modified
    void modified(ThresholdConfiguration config) {
        try {
            configure(ThresholdSettings.from(config));
            LOG.info("Threshold policy reconfigured: {}", settings());
        } catch (IllegalArgumentException e) {
            LOG.error("{}; previous settings kept: {}", e.getMessage(), settings());
        }
    }
}
