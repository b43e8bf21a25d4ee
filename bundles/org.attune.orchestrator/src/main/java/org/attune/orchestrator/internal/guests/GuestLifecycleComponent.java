package org.attune.orchestrator.internal.guests;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.attune.api.driver.HypervisorDriver;
import org.attune.api.orchestrator.GuestLifecycle;
import org.attune.api.provision.Provisioner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The guest lifecycle as a service: drivers and provisioners bound dynamically (a provisioner that goes away is
 * simply not run for later guests). Needs its configuration (kernel, network): without it there is no service and
 * attune:guest-create says so.
 */
@Component(name = GuestLifecycleComponent.PID, configurationPid = GuestLifecycleComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = GuestLifecycle.class)
@Designate(ocd = GuestsConfiguration.class)
public class GuestLifecycleComponent extends GuestLifecycleService {

    static final String PID = "org.attune.guests";


    private final List<HypervisorDriver> drivers;
    private final List<Ordered> provisioners;

    @Activate
    public GuestLifecycleComponent(GuestsConfiguration config) {
        this(config, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    private GuestLifecycleComponent(GuestsConfiguration config, List<HypervisorDriver> drivers,
                                    List<Ordered> provisioners) {
        super(boot(config), () -> List.copyOf(drivers), () -> List.copyOf(provisioners));
        this.drivers = drivers;
        this.provisioners = provisioners;
    }

    static Boot boot(GuestsConfiguration c) {
        if (c.kernel().isBlank() || !Path.of(c.kernel()).isAbsolute()) {
            throw new IllegalArgumentException("kernel must be an absolute path, was '" + c.kernel() + "'");
        }
        return new Boot(c.kernel(), c.initrd(), c.cmdline(), c.network(),
                c.consoleDir().isEmpty() ? null : Path.of(c.consoleDir()));
    }

    @Modified
    void modified(GuestsConfiguration config) {
        setBoot(boot(config));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriver(HypervisorDriver driver) {
        drivers.add(driver);
    }

    void unbindDriver(HypervisorDriver driver) {
        drivers.remove(driver);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProvisioner(Provisioner provisioner, Map<String, Object> properties) {
        Object order = properties.get(Provisioner.ORDER);
        int o = 100;
        if (order instanceof Number) {
            o = ((Number) order).intValue();
        } else if (order != null) {
            try {
                o = Integer.parseInt(order.toString().trim());
            } catch (NumberFormatException ignored) {
                // keep the default: runs after the ordered ones
            }
        }
        provisioners.add(new Ordered(provisioner, o));
    }

    void unbindProvisioner(Provisioner provisioner) {
        provisioners.removeIf(o -> o.provisioner() == provisioner);
    }
}
