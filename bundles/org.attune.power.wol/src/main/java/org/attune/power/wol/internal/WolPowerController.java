package org.attune.power.wol.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.Optional;

import org.attune.api.PowerState;
import org.attune.api.power.PowerController;
import org.attune.api.power.PowerException;

/**
 * Powers one host on by sending a Wake-on-LAN magic packet (6 bytes 0xFF, then the MAC 16 times: 102 bytes) over
 * UDP to the configured broadcast or unicast address, {@code repeat} times. It cannot power a host off nor read its
 * state. Sending a datagram does not block beyond the local socket. Thread-safe.
 */
public class WolPowerController implements PowerController {

    /** Value of the {@link PowerController#TYPE} service property. */
    public static final String TYPE = "wol";

    private final WolSettings settings;

    public WolPowerController(WolSettings settings) {
        this.settings = settings;
    }

    public WolSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "wol:" + settings.hostId();
    }

    @Override
    public boolean controls(String hostId) {
        return settings.hostId().equals(hostId);
    }

    @Override
    public boolean canPowerOff(String hostId) {
        return false;
    }

    @Override
    public Optional<PowerState> state(String hostId) throws PowerException {
        check(hostId);
        return Optional.empty();
    }

    @Override
    public void powerOn(String hostId) throws PowerException {
        check(hostId);
        byte[] packet = magicPacket(settings.mac());
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setBroadcast(true);
            for (int i = 0; i < settings.repeat(); i++) {
                socket.send(new DatagramPacket(packet, packet.length, settings.address(), settings.port()));
            }
        } catch (IOException e) {
            throw new PowerException("Wake-on-LAN for host " + hostId + " (MAC " + settings.macText() + ") to "
                    + settings.address().getHostAddress() + ":" + settings.port() + " could not be sent: " + e.getMessage(), e);
        }
    }

    @Override
    public void powerOff(String hostId) throws PowerException {
        check(hostId);
        throw new PowerException("Wake-on-LAN cannot power host " + hostId + " off; configure an IPMI controller "
                + "(org.attune.power.ipmi) for it");
    }

    private void check(String hostId) throws PowerException {
        if (!controls(hostId)) {
            throw new PowerException("Wake-on-LAN controller " + name() + " does not control host " + hostId);
        }
    }

    /** 6 x 0xFF followed by the MAC 16 times. */
    static byte[] magicPacket(byte[] mac) {
        byte[] packet = new byte[6 + 16 * 6];
        for (int i = 0; i < 6; i++) {
            packet[i] = (byte) 0xff;
        }
        for (int i = 0; i < 16; i++) {
            System.arraycopy(mac, 0, packet, 6 + i * 6, 6);
        }
        return packet;
    }
}
