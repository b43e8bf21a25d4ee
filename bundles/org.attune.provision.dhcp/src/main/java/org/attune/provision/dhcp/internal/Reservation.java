package org.attune.provision.dhcp.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One DHCP reservation: a MAC gets an address and a host name. Written to dnsmasq's hosts file as
 * {@code mac,address,hostname}.
 */
public record Reservation(String mac, String address, String hostname) {

    static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    /** RFC 1123 host name label: what dnsmasq and every DHCP client accept, nothing a shell or file would parse. */
    static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    public Reservation {
        mac = mac.toLowerCase(Locale.ROOT);
    }

    public String line() {
        return mac + "," + address + "," + hostname;
    }

    /** Parses a {@code mac,address[,hostname]} line; null for any other dnsmasq syntax (kept verbatim). */
    static Reservation parse(String line) {
        String[] f = line.trim().split(",", -1);
        if (f.length < 2 || f.length > 3) {
            return null;
        }
        String mac = f[0].trim().toLowerCase(Locale.ROOT);
        if (!MAC.matcher(mac).matches() || Ipv4.parse(f[1].trim()) < 0) {
            return null;
        }
        return new Reservation(mac, f[1].trim(), f.length == 3 ? f[2].trim() : "");
    }
}
