package org.attune.provision.dhcp.internal;

import java.io.IOException;

import org.attune.api.provision.Provisioner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DHCP provisioner per factory configuration {@code org.attune.provision.dhcp-NAME.cfg}. A changed
 * configuration restarts the component (and a supervised dnsmasq); reservations live in the hosts file and survive.
 */
@Component(name = DhcpProvisionerComponent.PID, configurationPid = DhcpProvisionerComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Provisioner.class,
        property = Provisioner.NAME + "=" + DnsmasqProvisioner.NAME)
@Designate(ocd = DhcpConfiguration.class, factory = true)
public class DhcpProvisionerComponent extends ForwardingProvisioner {

    static final String PID = "org.attune.provision.dhcp";

    private static final Logger LOG = LoggerFactory.getLogger(DhcpProvisionerComponent.class);

    @Activate
    public DhcpProvisionerComponent(DhcpConfiguration config) throws IOException {
        super(new DnsmasqProvisioner(DhcpSettings.from(config)));
        DnsmasqProvisioner p = delegate();
        // Starting dnsmasq only spawns a process: quick enough for activation.
        p.start();
        LOG.info("DHCP provisioner active: {} mode, pool {}, hosts file {}",
                p.settings().supervised() ? "supervised" : "external", p.settings().pool(), p.hostsFile());
    }

    @Deactivate
    void deactivate() {
        delegate().stop();
    }
}
