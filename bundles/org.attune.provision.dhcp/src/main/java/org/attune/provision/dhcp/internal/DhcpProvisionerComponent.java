package org.attune.provision.dhcp.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.attune.api.provision.Provisioner;
import org.attune.provision.dhcp.DhcpSettings;
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
        super(new DnsmasqProvisioner(settings(config)));
        DnsmasqProvisioner p = delegate();
        // Starting dnsmasq only spawns a process: quick enough for activation.
        p.start();
        LOG.info("DHCP provisioner active: {} mode, pool {}, hosts file {}",
                p.settings().supervised() ? "supervised" : "external", p.pool(), p.hostsFile());
    }

    /**
     * The settings a configuration asks for: paths left empty derive from {@code stateDir}.
     *
     * @throws IllegalArgumentException naming every bad value
     */
    static DhcpSettings settings(DhcpConfiguration c) {
        String mode = text(c.mode());
        if (!mode.equals("supervised") && !mode.equals("external")) {
            throw new IllegalArgumentException("mode must be supervised or external, was '" + mode + "'");
        }
        boolean supervised = mode.equals("supervised");
        if (!supervised && text(c.pidFile()).isEmpty()) {
            throw new IllegalArgumentException("external mode needs pidFile (the running dnsmasq's pid file)");
        }
        Path state = Path.of(text(c.stateDir()));
        Path hosts = text(c.hostsFile()).isEmpty() ? state.resolve("dhcp-hosts") : Path.of(text(c.hostsFile()));
        Path pid = text(c.pidFile()).isEmpty() ? state.resolve("dnsmasq.pid") : Path.of(text(c.pidFile()));
        return new DhcpSettings(supervised, text(c.poolStart()), text(c.poolEnd()), text(c.netmask()),
                text(c.leaseTime()), text(c.interfaceName()), text(c.netns()), state, hosts, pid,
                text(c.dnsmasqBinary()));
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    @Deactivate
    void deactivate() {
        delegate().stop();
    }
}
