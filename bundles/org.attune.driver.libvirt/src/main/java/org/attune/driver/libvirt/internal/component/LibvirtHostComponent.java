package org.attune.driver.libvirt.internal.component;

import java.util.Map;

import org.attune.driver.libvirt.internal.config.HostConfigurations;
import org.attune.driver.libvirt.internal.config.HostDefinition;
import org.attune.driver.libvirt.internal.config.LibvirtHostConfiguration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One libvirt host configuration ({@code etc/org.attune.driver.libvirt-<name>.cfg}). It only publishes its validated
 * definition (or its problem); the driver component binds every one of them and adds or removes the host as
 * configurations come and go. Activation does no I/O.
 */
@Component(name = LibvirtHostComponent.PID, configurationPid = LibvirtHostComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = LibvirtHostComponent.class)
@Designate(ocd = LibvirtHostConfiguration.class, factory = true)
public final class LibvirtHostComponent {

    /** Factory PID of host configurations. */
    public static final String PID = "org.attune.driver.libvirt";

    private final HostDefinition definition;

    @Activate
    public LibvirtHostComponent(LibvirtHostConfiguration config, Map<String, Object> properties) {
        String[] source = ConfigSource.of(PID, properties);
        this.definition = HostConfigurations.from(source[0], source[1], config);
    }

    public HostDefinition definition() {
        return definition;
    }
}
