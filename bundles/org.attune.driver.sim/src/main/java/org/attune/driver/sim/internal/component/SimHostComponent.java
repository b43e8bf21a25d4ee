package org.attune.driver.sim.internal.component;

import java.util.Map;

import org.attune.driver.sim.internal.config.Definition;
import org.attune.driver.sim.internal.config.HostConfiguration;
import org.attune.driver.sim.internal.config.SimDefinitions;
import org.attune.driver.sim.internal.model.HostSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One host configuration. It only publishes its validated definition (or its problem); the driver component
 * binds every one of them and adds, replaces or removes the host as configurations come and go.
 */
@Component(name = SimDefinitions.HOST_PID, configurationPid = SimDefinitions.HOST_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = SimHostComponent.class)
@Designate(ocd = HostConfiguration.class, factory = true)
public final class SimHostComponent {

    private final Definition<HostSpec> definition;

    @Activate
    public SimHostComponent(HostConfiguration config, Map<String, Object> properties) {
        ConfigSource source = ConfigSource.of("host", SimDefinitions.HOST_PID, properties);
        this.definition = SimDefinitions.host(source.source(), source.factoryName(), config);
    }

    public Definition<HostSpec> definition() {
        return definition;
    }
}
