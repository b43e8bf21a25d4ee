package org.attune.power.ipmi.internal;

import org.attune.api.power.PowerController;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IPMI power controller per factory configuration. The service is registered by hand so that its
 * {@link PowerController#HOSTS} property is the configured host id; activation does no I/O (the BMC is only
 * contacted when power is switched). A configuration with a bad value is refused with a log line naming each bad
 * key (the password is never quoted) and registers nothing.
 */
@Component(name = IpmiPowerControllerComponent.PID, configurationPid = IpmiPowerControllerComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = IpmiConfiguration.class, factory = true)
public class IpmiPowerControllerComponent {

    static final String PID = "org.attune.power.ipmi";

    private static final Logger LOG = LoggerFactory.getLogger(IpmiPowerControllerComponent.class);

    private final ServiceRegistration<PowerController> registration;

    @Activate
    public IpmiPowerControllerComponent(BundleContext context, IpmiConfiguration config) {
        IpmiSettings settings;
        try {
            settings = IpmiSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; no IPMI controller registered", e.getMessage());
            registration = null;
            return;
        }
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(PowerController.TYPE, IpmiPowerController.TYPE);
        props.put(PowerController.HOSTS, settings.hostId());
        registration = context.registerService(PowerController.class, new IpmiPowerController(settings), props);
        LOG.info("IPMI power controller for host {} through BMC {}:{}", settings.hostId(), settings.address(),
                settings.port());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
        }
    }
}
