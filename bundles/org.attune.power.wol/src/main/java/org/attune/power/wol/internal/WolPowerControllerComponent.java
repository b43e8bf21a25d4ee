package org.attune.power.wol.internal;

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
 * One Wake-on-LAN power controller per factory configuration. The service is registered by hand so that its
 * {@link PowerController#HOSTS} property is the configured host id; activation does no I/O (a packet is only sent
 * when a plan powers the host on). A configuration with a bad value is refused with a log line naming each bad key
 * and registers nothing.
 */
@Component(name = WolPowerControllerComponent.PID, configurationPid = WolPowerControllerComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = WolConfiguration.class, factory = true)
public class WolPowerControllerComponent {

    static final String PID = "org.attune.power.wol";

    private static final Logger LOG = LoggerFactory.getLogger(WolPowerControllerComponent.class);

    private final ServiceRegistration<PowerController> registration;

    @Activate
    public WolPowerControllerComponent(BundleContext context, WolConfiguration config) {
        WolSettings settings;
        try {
            settings = WolSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; no Wake-on-LAN controller registered", e.getMessage());
            registration = null;
            return;
        }
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(PowerController.TYPE, WolPowerController.TYPE);
        props.put(PowerController.HOSTS, settings.hostId());
        registration = context.registerService(PowerController.class, new WolPowerController(settings), props);
        LOG.info("Wake-on-LAN power controller for host {}: {}", settings.hostId(), settings);
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
