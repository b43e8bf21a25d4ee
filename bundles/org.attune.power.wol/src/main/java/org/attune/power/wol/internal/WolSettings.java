package org.attune.power.wol.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validated settings of one Wake-on-LAN controller. The address must be an IP literal, so sending never waits
 * for a name lookup.
 */
public record WolSettings(String hostId, byte[] mac, InetAddress address, int port, int repeat) {

    static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,127}");
    static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}");
    static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** @throws IllegalArgumentException naming every bad value */
    public static WolSettings of(String hostId, String mac, String address, int port, int repeat) {
        List<String> problems = new ArrayList<>();
        String id = hostId == null ? "" : hostId.trim();
        if (!HOST_ID.matcher(id).matches()) {
            problems.add("hostId '" + hostId + "' must be letters, digits, '.', '_', ':' or '-' (not starting with one)");
        }
        byte[] macBytes = null;
        String m = mac == null ? "" : mac.trim();
        if (MAC.matcher(m).matches()) {
            macBytes = new byte[6];
            String[] parts = m.split("[:-]");
            for (int i = 0; i < 6; i++) {
                macBytes[i] = (byte) Integer.parseInt(parts[i], 16);
            }
        } else {
            problems.add("mac '" + mac + "' is not a MAC address like 52:54:00:12:34:56");
        }
        InetAddress inet = null;
        String a = address == null ? "" : address.trim();
        if (IP_LITERAL.matcher(a).matches()) {
            try {
                // An IP literal: no lookup happens.
                inet = InetAddress.getByName(a);
            } catch (UnknownHostException e) {
                problems.add("address '" + address + "' is not an IP address");
            }
        } else {
            problems.add("address '" + address + "' must be an IP literal (broadcast or unicast), e.g. 10.99.0.255");
        }
        if (port < 1 || port > 65535) {
            problems.add("port must be in 1..65535, was " + port);
        }
        if (repeat < 1 || repeat > 10) {
            problems.add("repeat must be in 1..10, was " + repeat);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.power.wol"
                    + (id.isEmpty() ? "" : " for host " + id) + ": " + String.join("; ", problems));
        }
        return new WolSettings(id, macBytes, inet, port, repeat);
    }

    static WolSettings from(WolConfiguration c) {
        return of(c.hostId(), c.mac(), c.address(), c.port(), c.repeat());
    }

    /** The MAC as aa:bb:cc:dd:ee:ff. */
    public String macText() {
        StringBuilder sb = new StringBuilder();
        for (byte b : mac) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "WolSettings[hostId=" + hostId + ", mac=" + macText() + ", address=" + address.getHostAddress()
                + ", port=" + port + ", repeat=" + repeat + "]";
    }
}
