package org.attune.power.ipmi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

import org.attune.api.PowerState;
import org.attune.api.power.PowerException;
import org.attune.testing.HostCommands;
import org.attune.testing.SystemTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real simulated BMC: OpenIPMI's {@code ipmi_sim} on loopback, started here (and apt-installed with
 * ipmitool when missing). Its chassis control is a small script that keeps the power state in a file, so each
 * power command the controller sends is seen where a real BMC would switch the host.
 */
@SystemTest
class IpmiPowerControllerTest {

    private static final String USER = "attune";
    private static final String PASSWORD = "Xq7-bmc!pw$42";

    @TempDir
    static Path dir;

    private static Process bmc;
    private static int port;
    private static Path powerFile;

    @BeforeAll
    static void startSimulatedBmc() throws Exception {
        HostCommands.ensure("ipmi_sim", "openipmi");
        HostCommands.ensure("ipmitool", "ipmitool");
        port = freeUdpPort();
        powerFile = dir.resolve("power");
        Files.writeString(powerFile, "0\n");
        Path chassis = dir.resolve("chassis.sh");
        // Called by ipmi_sim as "chassis.sh get power" (prints power:0|1) and "chassis.sh set power 0|1".
        Files.writeString(chassis, "#!/bin/sh\n"
                + "case \"$1 $2\" in\n"
                + "  'get power') printf 'power:%s\\n' \"$(cat '" + powerFile + "')\";;\n"
                + "  'set power') echo \"$3\" > '" + powerFile + "';;\n"
                + "esac\n");
        Files.setPosixFilePermissions(chassis, PosixFilePermissions.fromString("rwx------"));
        Path lan = dir.resolve("lan.conf");
        Files.writeString(lan, String.join("\n",
                "name \"attune-ipmi-test\"",
                "set_working_mc 0x20",
                "  startlan 1",
                "    addr 127.0.0.1 " + port,
                "    priv_limit admin",
                "    allowed_auths_callback none md2 md5 straight",
                "    allowed_auths_user none md2 md5 straight",
                "    allowed_auths_operator none md2 md5 straight",
                "    allowed_auths_admin none md2 md5 straight",
                "    guid a123456789abcdefa123456789abcdef",
                "  endlan",
                "  chassis_control \"" + chassis + "\"",
                "  user 2 true \"" + USER + "\" \"" + PASSWORD + "\" admin 10 none md2 md5 straight",
                ""));
        Path emu = dir.resolve("host.emu");
        Files.writeString(emu, String.join("\n", "mc_setbmc 0x20",
                "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr",
                "sel_enable 0x20 1000 0x0a", "mc_enable 0x20", ""));
        Path state = Files.createDirectories(dir.resolve("state"));
        bmc = new ProcessBuilder("ipmi_sim", "-c", lan.toString(), "-f", emu.toString(), "-s", state.toString(), "-n")
                .redirectErrorStream(true).redirectOutput(dir.resolve("ipmi_sim.log").toFile()).start();
        IpmiPowerController probe = controller(PASSWORD);
        await("ipmi_sim answers").atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> probe.state("host1").isPresent());
    }

    @AfterAll
    static void stopSimulatedBmc() throws InterruptedException {
        if (bmc != null) {
            bmc.destroy();
            if (!bmc.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                bmc.destroyForcibly();
            }
        }
    }

    private static IpmiPowerController controller(String password) {
        return new IpmiPowerController(new IpmiSettings("host1", "127.0.0.1", port, USER, password, 3, false, 10,
                "ipmitool"));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String power() throws IOException {
        return Files.readString(powerFile).trim();
    }

    @Test
    void switchesTheHostOnAndOffThroughTheBmcAndReadsItsState() throws Exception {
        IpmiPowerController c = controller(PASSWORD);
        assertThat(c.controls("host1")).isTrue();
        assertThat(c.controls("host2")).isFalse();
        assertThat(c.name()).isEqualTo("ipmi:host1");

        c.powerOff("host1");
        assertThat(power()).isEqualTo("0");
        assertThat(c.state("host1")).isEqualTo(Optional.of(PowerState.OFF));

        c.powerOn("host1");
        assertThat(power()).isEqualTo("1");
        assertThat(c.state("host1")).isEqualTo(Optional.of(PowerState.ON));

        c.powerOff("host1");
        assertThat(power()).isEqualTo("0");
        assertThat(c.state("host1")).contains(PowerState.OFF);

        assertThatThrownBy(() -> c.powerOn("host2")).isInstanceOf(PowerException.class)
                .hasMessage("IPMI controller ipmi:host1 does not control host host2");
    }

    @Test
    void aWrongPasswordFailsWithAClearMessageThatQuotesNoCredential() throws Exception {
        String wrong = "not-the-Pw-9";
        PrintStream originalErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            IpmiPowerController c = controller(wrong);
            assertThatThrownBy(() -> c.powerOn("host1")).isInstanceOf(PowerException.class)
                    .hasMessageStartingWith("ipmitool chassis power on for host host1 (BMC 127.0.0.1:" + port + ") failed (exit 1)")
                    .hasMessageContaining("Unable to establish IPMI v2 / RMCP+ session")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(PASSWORD));
        } finally {
            System.setErr(originalErr);
        }
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain(wrong).doesNotContain(PASSWORD);
        assertThat(power()).isIn("0", "1");
    }

    @Test
    void thePasswordCanComeFromAFileReadAtEachCall() throws Exception {
        Path file = dir.resolve("bmc-password");
        Files.writeString(file, "wrong-one\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        IpmiPowerController c = new IpmiPowerController(new IpmiSettings("host1", "127.0.0.1", port, USER, "",
                file.toString(), 3, false, 10, "ipmitool"));
        assertThatThrownBy(() -> c.state("host1")).isInstanceOf(PowerException.class)
                .hasMessageContaining("Unable to establish IPMI v2 / RMCP+ session")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-one"));
        // Rotated in place: the next call uses it.
        Files.writeString(file, PASSWORD + "\n");
        c.powerOn("host1");
        assertThat(power()).isEqualTo("1");
        assertThat(c.settings().toString()).contains("passwordFile=" + file).doesNotContain(PASSWORD);

        Files.delete(file);
        assertThatThrownBy(() -> c.state("host1")).isInstanceOf(PowerException.class)
                .hasMessageContaining("cannot read passwordFile " + file);
        assertThatThrownBy(() -> new IpmiSettings("host1", "127.0.0.1", 623, USER, "inline", "/etc/pw", 3, false, 10,
                "ipmitool")).hasMessageContaining("set exactly one of password and passwordFile")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("inline"));
        assertThatThrownBy(() -> new IpmiSettings("host1", "127.0.0.1", 623, USER, "", "relative/pw", 3, false, 10,
                "ipmitool")).hasMessageContaining("passwordFile 'relative/pw' must be an absolute path");
    }

    @Test
    void anUnreachableBmcTimesOutWithinTheTimeout() {
        IpmiPowerController c = new IpmiPowerController(new IpmiSettings("host1", "127.0.0.1", 9, USER, PASSWORD, 3,
                false, 2, "ipmitool"));
        assertThatThrownBy(() -> c.state("host1")).isInstanceOf(PowerException.class)
                .hasMessageStartingWith("ipmitool chassis power status for host host1 (BMC 127.0.0.1:9)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }
}
