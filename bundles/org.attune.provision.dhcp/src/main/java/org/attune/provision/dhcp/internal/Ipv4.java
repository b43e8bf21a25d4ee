package org.attune.provision.dhcp.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dotted-quad IPv4 addresses as unsigned ints (strict: four decimal octets 0-255, no leading zeros). */
public final class Ipv4 {

    private static final Pattern QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\."
            + "(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

    private Ipv4() {
    }

    /** The address as an unsigned value, or -1 when {@code text} is not a valid address. */
    public static long parse(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = QUAD.matcher(text);
        if (!m.matches()) {
            return -1;
        }
        long v = 0;
        for (int i = 1; i <= 4; i++) {
            int o = Integer.parseInt(m.group(i));
            if (o > 255) {
                return -1;
            }
            v = (v << 8) | o;
        }
        return v;
    }

    public static String format(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
