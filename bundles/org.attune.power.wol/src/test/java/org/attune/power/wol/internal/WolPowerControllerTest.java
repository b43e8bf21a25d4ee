package org.attune.power.wol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;

import org.attune.api.power.PowerException;
import org.junit.jupiter.api.Test;

/** A real magic packet over UDP, received by a socket on loopback. */
class WolPowerControllerTest {

    @Test
    void powerOnSendsTheMagicPacketOverUdp() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(5000);
            WolPowerController c = new WolPowerController(WolSettings.of("host1", "52:54:00:AB:cd:09", "127.0.0.1",
                    receiver.getLocalPort(), 2));
            c.powerOn("host1");

            byte[] expected = new byte[102];
            Arrays.fill(expected, 0, 6, (byte) 0xff);
            byte[] mac = HexFormat.of().parseHex("525400abcd09");
            for (int i = 0; i < 16; i++) {
                System.arraycopy(mac, 0, expected, 6 + 6 * i, 6);
            }
            for (int copy = 0; copy < 2; copy++) {
                DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                receiver.receive(p);
                assertThat(p.getLength()).isEqualTo(102);
                assertThat(Arrays.copyOf(p.getData(), p.getLength())).isEqualTo(expected);
            }
        }
    }

    @Test
    void itCannotPowerOffNorReadTheState() throws Exception {
        WolPowerController c = new WolPowerController(WolSettings.of("host1", "52-54-00-00-00-01", "10.99.0.255", 9, 3));
        assertThat(c.name()).isEqualTo("wol:host1");
        assertThat(c.controls("host1")).isTrue();
        assertThat(c.canPowerOff("host1")).isFalse();
        assertThat(c.state("host1")).isEmpty();
        assertThatThrownBy(() -> c.powerOff("host1")).isInstanceOf(PowerException.class)
                .hasMessageStartingWith("Wake-on-LAN cannot power host host1 off");
        assertThatThrownBy(() -> c.powerOn("host2")).isInstanceOf(PowerException.class)
                .hasMessage("Wake-on-LAN controller wol:host1 does not control host host2");
        assertThat(c.settings().toString()).isEqualTo(
                "WolSettings[hostId=host1, mac=52:54:00:00:00:01, address=10.99.0.255, port=9, repeat=3]");
    }

    @Test
    void badValuesAreRefusedNamingEach() {
        assertThatThrownBy(() -> WolSettings.of("host 1", "52:54:00:00:00", "lab.example;reboot", 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hostId 'host 1'")
                .hasMessageContaining("mac '52:54:00:00:00' is not a MAC address")
                .hasMessageContaining("address 'lab.example;reboot' must be an IP literal")
                .hasMessageContaining("port must be in 1..65535, was 0")
                .hasMessageContaining("repeat must be in 1..10, was 0");
    }
}
