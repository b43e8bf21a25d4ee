package org.attune.policy.beloglazov.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.attune.api.policy.Policy;
import org.attune.policy.beloglazov.BeloglazovPolicy;
import org.attune.policy.beloglazov.BeloglazovSettings;
import org.attune.policy.beloglazov.Detection;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Beloglazov policy variant per factory configuration. The {@link Policy} service is registered by the
 * component itself because its {@link Policy#NAME} property comes from the configuration's {@code name}
 * (DS cannot derive a service property from another configuration key); it goes away with the configuration.
 * A configuration change applies from the next plan on; a new name re-registers the service.
 */
@Component(name = BeloglazovPolicyComponent.PID, configurationPid = BeloglazovPolicyComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {}, immediate = true)
@Designate(ocd = BeloglazovConfiguration.class, factory = true)
public class BeloglazovPolicyComponent {

    static final String PID = "org.attune.policy.beloglazov";

    private static final Logger LOG = LoggerFactory.getLogger(BeloglazovPolicyComponent.class);

    private final BundleContext context;
    private final BeloglazovPolicy policy;
    private ServiceRegistration<Policy> registration;

    @Activate
    public BeloglazovPolicyComponent(BundleContext context, BeloglazovConfiguration config) {
        this.context = context;
        this.policy = new BeloglazovPolicy(settings(config));
        this.registration = context.registerService(Policy.class, policy, properties(policy.name()));
        LOG.info("Beloglazov policy active: {}", policy.settings());
    }

    @Modified
    synchronized void modified(BeloglazovConfiguration config) {
        BeloglazovSettings next;
        try {
            next = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; previous settings kept: {}", e.getMessage(), policy.settings());
            return;
        }
        String previousName = policy.name();
        policy.configure(next);
        if (!previousName.equals(next.name())) {
            registration.setProperties(properties(next.name()));
        }
        LOG.info("Beloglazov policy reconfigured: {}", next);
    }

    @Deactivate
    synchronized void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            LOG.debug("policy {} was already unregistered", policy.name());
        }
    }

    static BeloglazovSettings settings(BeloglazovConfiguration c) {
        return new BeloglazovSettings(c.name(), Detection.parse(c.detection()), c.parameter(), c.fallbackThreshold(),
                c.regressionHorizon(), c.cloudsimCompatible());
    }

    private static Dictionary<String, Object> properties(String name) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Policy.NAME, name);
        return props;
    }
}
