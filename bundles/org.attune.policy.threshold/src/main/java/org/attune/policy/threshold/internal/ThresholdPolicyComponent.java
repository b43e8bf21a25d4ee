package org.attune.policy.threshold.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import org.attune.api.policy.Policy;
import org.attune.policy.threshold.ThresholdPolicy;
import org.attune.policy.threshold.ThresholdSettings;
import org.attune.policy.threshold.TierRule;
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
        super(settings(config));
        LOG.info("Threshold policy active: {}", settings());
    }

    @Modified
    void modified(ThresholdConfiguration config) {
        try {
            configure(settings(config));
            LOG.info("Threshold policy reconfigured: {}", settings());
        } catch (IllegalArgumentException e) {
            LOG.error("{}; previous settings kept: {}", e.getMessage(), settings());
        }
    }

    /** The validated settings of a configuration; a blank tierGuests entry is ignored. */
    static ThresholdSettings settings(ThresholdConfiguration c) {
        String[] guests = c.tierGuests() == null ? new String[0] : c.tierGuests();
        Set<String> names = new LinkedHashSet<>();
        for (String g : guests) {
            // a single comma-separated value is accepted too (g1,g2), as .cfg files often have it
            for (String part : g.split(",")) {
                if (!part.isBlank()) {
                    names.add(part.trim());
                }
            }
        }
        return new ThresholdSettings(c.highThreshold(), c.lowThreshold(), c.sustainCycles(), c.consolidationCeiling(),
                new TierRule(c.tierName(), names, c.tierHome(), c.tierRateHigh(), c.tierRateLow(), c.tierCpuHigh(),
                        c.tierCpuLow()));
    }
}
