package org.attune.provision.nfs.internal;

import java.util.regex.Pattern;

/** What a guest name and a client address may look like before they become paths and configuration. */
public final class Names {

    /** No dots, slashes, spaces or shell metacharacters: a name is one safe path segment. */
    static final Pattern GUEST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern QUAD = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private Names() {
    }

    public static boolean isIpv4(String s) {
        return s != null && QUAD.matcher(s).matches();
    }

    /** User input in messages: control characters shown, length capped. */
    static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + " characters)" : s;
        StringBuilder b = new StringBuilder();
        for (char ch : t.toCharArray()) {
            b.append(ch < 0x20 || ch == 0x7f ? String.format("\\x%02x", (int) ch) : String.valueOf(ch));
        }
        return b.toString();
    }
}
