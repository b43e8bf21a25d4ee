package org.attune.policy.forecast.internal;

import org.attune.api.policy.Policy;
import org.attune.policy.forecast.ForecastPolicy;
import org.attune.policy.forecast.ForecastSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The forecast policy as a service; a configuration change applies from the next plan on. */
@Component(name = ForecastPolicyComponent.PID, configurationPid = ForecastPolicyComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Policy.class,
        property = Policy.NAME + "=" + ForecastPolicy.NAME)
@Designate(ocd = ForecastConfiguration.class)
public class ForecastPolicyComponent extends ForecastPolicy {

    static final String PID = "org.attune.policy.forecast";

    private static final Logger LOG = LoggerFactory.getLogger(ForecastPolicyComponent.class);

    @Activate
    public ForecastPolicyComponent(ForecastConfiguration config) {
        super(settings(config));
        LOG.info("Forecast policy active: {}", settings());
    }

    @Modified
    void modified(ForecastConfiguration config) {
        try {
            configure(settings(config));
            LOG.info("Forecast policy reconfigured: {}", settings());
        } catch (IllegalArgumentException e) {
            LOG.error("{}; previous settings kept: {}", e.getMessage(), settings());
        }
    }

    static ForecastSettings settings(ForecastConfiguration c) {
        return new ForecastSettings(c.window(), c.quantile(), c.fill(), c.hot(), c.cold(), c.youngMargin(),
                c.maxEvacuations(), c.powerManagement());
    }
}
