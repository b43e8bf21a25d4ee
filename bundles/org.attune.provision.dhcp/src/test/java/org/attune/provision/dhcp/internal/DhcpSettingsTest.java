package org.attune.provision.dhcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

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
        DhcpSettings s = DhcpSettings.from(config("supervised", "10.0.0.10", "10.0.0.20", "br0", ""));
        assertThat(s.hostsFile()).isEqualTo(Path.of("/var/lib/attune/dhcp/dhcp-hosts"));
        assertThat(s.pidFile()).isEqualTo(Path.of("/var/lib/attune/dhcp/dnsmasq.pid"));
        assertThat(s.pool()).isEqualTo("10.0.0.10 - 10.0.0.20");
    }

    @Test
    void badConfigurationsNameTheProblem() {
        assertThatThrownBy(() -> DhcpSettings.from(config("both", "10.0.0.10", "10.0.0.20", "br0", "")))
                .hasMessageContaining("mode must be supervised or external");
        assertThatThrownBy(() -> DhcpSettings.from(config("supervised", "10.0.0.300", "10.0.0.20", "br0", "")))
                .hasMessageContaining("poolStart '10.0.0.300' is not an IPv4 address");
        assertThatThrownBy(() -> DhcpSettings.from(config("supervised", "10.0.0.30", "10.0.0.20", "br0", "")))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> DhcpSettings.from(config("supervised", "10.0.0.10", "10.0.0.20", "br0;x", "")))
                .hasMessageContaining("interfaceName");
        assertThatThrownBy(() -> DhcpSettings.from(config("external", "10.0.0.10", "10.0.0.20", "", "")))
                .hasMessageContaining("external mode needs pidFile");
        assertThat(DhcpSettings.from(config("external", "10.0.0.10", "10.0.0.20", "", "/run/d.pid")).supervised())
                .isFalse();
    }
}
