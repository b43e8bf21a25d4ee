package org.attune.power.ipmi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the controller makes of its settings, without a BMC: no ipmitool runs here. */
class IpmiSettingsTest {

    private static final String USER = "attune";
    private static final String PASSWORD = "Xq7-bmc!pw$42";

    @Test
    void theCommandLineCarriesNoPassword_andTheEnvironmentDoes() {
        IpmiPowerController c = new IpmiPowerController(new IpmiSettings("host1", "127.0.0.1", 623, USER, PASSWORD, 3,
                false, 10, "ipmitool"));
        List<String> cmd = c.command("on");
        assertThat(cmd).containsExactly("ipmitool", "-I", "lanplus", "-C", "3", "-H", "127.0.0.1", "-p",
                "623", "-U", USER, "-E", "chassis", "power", "on");
        assertThat(String.join(" ", cmd)).doesNotContain(PASSWORD);
        assertThat(c.settings().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void shellMetacharactersAndOptionLookalikesAreRefused_thePasswordIsNeverQuoted() {
        assertThatThrownBy(() -> new IpmiSettings("host1", "bmc;reboot", 623, USER, "secret-1", 3, false, 10, "ipmitool"))
                .hasMessageContaining("address 'bmc;reboot' is not a host name or an IP address");
        assertThatThrownBy(() -> new IpmiSettings("host1", "-Hevil", 623, USER, "secret-1", 3, false, 10, "ipmitool"))
                .hasMessageContaining("address '-Hevil'");
        assertThatThrownBy(() -> new IpmiSettings("$(id)", "10.0.0.1", 623, "-U", "secret-1", 3, false, 10,
                "ipmitool | sh"))
                .hasMessageContaining("hostId '$(id)'")
                .hasMessageContaining("username must be 1 to 16")
                .hasMessageContaining("ipmitool 'ipmitool | sh'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-1"));
        assertThatThrownBy(() -> new IpmiSettings("host1", "10.0.0.1", 70000, USER, "", 3, false, 0, "ipmitool"))
                .hasMessageContaining("port must be in 1..65535, was 70000")
                .hasMessageContaining("set exactly one of password and passwordFile")
                .hasMessageContaining("timeoutSeconds must be in 1..300, was 0");
        assertThat(new IpmiSettings("h-1.lab", "fe80::1", 623, USER, "p", 3, false, 10, "/usr/bin/ipmitool").address())
                .isEqualTo("fe80::1");
    }
}
