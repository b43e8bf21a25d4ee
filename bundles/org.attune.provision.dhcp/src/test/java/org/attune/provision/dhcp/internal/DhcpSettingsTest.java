package org.attune.provision.dhcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

import org.attune.provision.dhcp.DhcpSettings;
import org.junit.jupiter.api.Test;

class DhcpSettingsTest {

    private static DhcpConfiguration config(String mode, String start, String end, String iface, String pidFile) {
        return new DhcpConfiguration() {
            public Class<? extends Annotation> annotationType() { return DhcpConfiguration.class; }
            public String mode() { return mode; }
            public String poolStart() { return start; }
            public String poolEnd() { return end; }
            public String netmask() { return "255.255.255.0"; }
            public String leaseTime() { return "1h"; }
            public String interfaceName() { return iface; }
            public String netns() { return ""; }
            public String stateDir() { return "/var/lib/attune/dhcp"; }
            public String hostsFile() { return ""; }
            public String pidFile() { return pidFile; }
            public String dnsmasqBinary() { return "dnsmasq"; }
            public int attune_provisioner_order() { return 10; }
        };
    }

    @Test
    void defaultsDerivePathsFromTheStateDirectory() {
        DhcpSettings s = DhcpProvisionerComponent.settings(config("supervised", "10.0.0.10", "10.0.0.20", "br0", ""));
        assertThat(s.hostsFile()).isEqualTo(Path.of("/var/lib/attune/dhcp/dhcp-hosts"));
        assertThat(s.pidFile()).isEqualTo(Path.of("/var/lib/attune/dhcp/dnsmasq.pid"));
        assertThat(s.poolStart()).isEqualTo("10.0.0.10");
        assertThat(s.poolEnd()).isEqualTo("10.0.0.20");
        assertThat(s.netmask()).isEqualTo(DhcpSettings.DEFAULT_NETMASK);
        assertThat(s).isEqualTo(DhcpSettings.supervised("10.0.0.10", "10.0.0.20", "br0", "",
                Path.of("/var/lib/attune/dhcp")));
    }

    @Test
    void badConfigurationsNameTheProblem() {
        assertThatThrownBy(() -> DhcpProvisionerComponent.settings(config("both", "10.0.0.10", "10.0.0.20", "br0", "")))
                .hasMessageContaining("mode must be supervised or external");
        assertThatThrownBy(() -> DhcpProvisionerComponent.settings(config("supervised", "10.0.0.300", "10.0.0.20", "br0", "")))
                .hasMessageContaining("poolStart '10.0.0.300' is not an IPv4 address");
        assertThatThrownBy(() -> DhcpProvisionerComponent.settings(config("supervised", "10.0.0.30", "10.0.0.20", "br0", "")))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> DhcpProvisionerComponent.settings(config("supervised", "10.0.0.10", "10.0.0.20", "br0;x", "")))
                .hasMessageContaining("interfaceName");
        assertThatThrownBy(() -> DhcpProvisionerComponent.settings(config("external", "10.0.0.10", "10.0.0.20", "", "")))
                .hasMessageContaining("external mode needs pidFile");
        assertThat(DhcpProvisionerComponent.settings(config("external", "10.0.0.10", "10.0.0.20", "", "/run/d.pid")).supervised())
                .isFalse();
    }

    @Test
    void theRecordRefusesEveryBadValueAtOnce() {
        Path state = Path.of("/var/lib/attune/dhcp");
        assertThatThrownBy(() -> new DhcpSettings(true, "10.0.0.010", "10.0.0.5", "255.255.255.256", "1 hour", "",
                "bad ns", Path.of("relative"), state.resolve("../x"), state.resolve("p"), "dnsmasq"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poolStart '10.0.0.010' is not an IPv4 address")
                .hasMessageContaining("netmask '255.255.255.256' is not an IPv4 netmask")
                .hasMessageContaining("leaseTime '1 hour' is not a dnsmasq lease time")
                .hasMessageContaining("supervised mode needs interfaceName")
                .hasMessageContaining("netns 'bad ns' is not a network namespace name")
                .hasMessageContaining("stateDir 'relative' must be an absolute, normalised path")
                .hasMessageContaining("hostsFile '/var/lib/attune/dhcp/../x' must be an absolute, normalised path");
        assertThatThrownBy(() -> DhcpSettings.supervised("10.0.0.20", "10.0.0.10", "br0", "", state))
                .hasMessage("pool 10.0.0.20 - 10.0.0.10 is empty or larger than 65536 addresses");
        assertThatThrownBy(() -> DhcpSettings.supervised(null, "10.0.0.10", "br0", "", state))
                .isInstanceOf(NullPointerException.class).hasMessage("poolStart");
        assertThat(new DhcpSettings(false, "10.0.0.1", "10.0.0.9", "255.255.255.0", "infinite", "", "", state,
                Path.of("/etc/dnsmasq.hosts"), Path.of("/run/dnsmasq.pid"), "dnsmasq").supervised()).isFalse();
    }
}
