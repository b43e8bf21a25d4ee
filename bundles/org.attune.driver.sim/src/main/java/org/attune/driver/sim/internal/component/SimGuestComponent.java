package org.attune.driver.sim.internal.component;

import java.util.Map;

import org.attune.driver.sim.internal.config.Definition;
import org.attune.driver.sim.internal.config.GuestConfiguration;
import org.attune.driver.sim.internal.config.SimDefinitions;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.workload.WorkloadParser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One guest configuration. It publishes its definition; the driver component binds every one of them. The
 * definition is converted on first use, on the simulation's thread, because a trace workload reads a file and
 * activation must not block.
 */
@Component(name = SimDefinitions.GUEST_PID, configurationPid = SimDefinitions.GUEST_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = SimGuestComponent.class)
@Designate(ocd = GuestConfiguration.class, factory = true)
public final class SimGuestComponent {

    private final GuestConfiguration config;
    private final ConfigSource source;
    private Definition<GuestSpec> definition;
    private Map<String, Double> traffic = Map.of();

    @Activate
    public SimGuestComponent(GuestConfiguration config, Map<String, Object> properties) {
        this.config = config;
        this.source = ConfigSource.of("guest", SimDefinitions.GUEST_PID, properties);
    }

    /** The converted definition; the first call parses the workload (and may read a trace file). */
    public synchronized Definition<GuestSpec> definition() {
        if (definition == null) {
            SimDefinitions.GuestWithTraffic d = SimDefinitions.guestWithTraffic(source.source(),
                    source.factoryName(), config, new WorkloadParser());
            definition = d.definition();
            traffic = d.traffic();
        }
        return definition;
    }

    /** Bytes per second the guest sends to each peer (by name); empty when none or invalid. */
    public synchronized Map<String, Double> traffic() {
        definition();
        return traffic;
    }
}
