package org.attune.power.ipmi.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validated settings of one IPMI power controller. Every value that reaches ipmitool's argument list is checked
 * against a strict pattern (no shell is ever involved, but an argument starting with {@code -} would still be read
 * as an option). {@link #toString()} never shows the password.
 */
public record IpmiSettings(String hostId, String address, int port, String username, String password,
                           String passwordFile, int cipherSuite, boolean softOff, int timeoutSeconds, String ipmitool) {

    /** Settings with an inline password and no password file. */
    public IpmiSettings(String hostId, String address, int port, String username, String password, int cipherSuite,
                        boolean softOff, int timeoutSeconds, String ipmitool) {
        this(hostId, address, port, username, password, "", cipherSuite, softOff, timeoutSeconds, ipmitool);
    }

    /** Host names (RFC 1123 labels), IPv4 and IPv6 literals; never a leading dash. */
    static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.\\-]{0,252}[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** Attune host ids: letters, digits, dot, dash, underscore, colon. */
    static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,127}");
    /** IPMI user names are at most 16 bytes; printable, no blanks, no leading dash. */
    static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@][A-Za-z0-9_.@\\-]{0,15}");
    /** An executable name or absolute path without blanks or shell characters. */
    static final Pattern EXECUTABLE = Pattern.compile("/?[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");

    /** @throws IllegalArgumentException naming every bad value, never quoting the password */
    public IpmiSettings {
        List<String> problems = new ArrayList<>();
        if (hostId == null || !HOST_ID.matcher(hostId).matches()) {
            problems.add("hostId '" + hostId + "' must be letters, digits, '.', '_', ':' or '-' (not starting with one)");
        }
        if (address == null || !ADDRESS.matcher(address).matches()) {
            problems.add("address '" + address + "' is not a host name or an IP address");
        }
        if (port < 1 || port > 65535) {
            problems.add("port must be in 1..65535, was " + port);
        }
        if (username == null || !USER.matcher(username).matches()) {
            problems.add("username must be 1 to 16 letters, digits or '_.@-' (not starting with '-')");
        }
        password = password == null ? "" : password;
        passwordFile = passwordFile == null ? "" : passwordFile.trim();
        if (password.isEmpty() == passwordFile.isEmpty()) {
            problems.add("set exactly one of password and passwordFile");
        } else if (!password.isEmpty() && !validPassword(password)) {
            problems.add("password must be 1 to 20 characters (IPMI v2)");
        } else if (!passwordFile.isEmpty() && !passwordFile.startsWith("/")) {
            problems.add("passwordFile '" + passwordFile + "' must be an absolute path");
        }
        if (cipherSuite < 0 || cipherSuite > 17) {
            problems.add("cipherSuite must be in 0..17, was " + cipherSuite);
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 300) {
            problems.add("timeoutSeconds must be in 1..300, was " + timeoutSeconds);
        }
        if (ipmitool == null || !EXECUTABLE.matcher(ipmitool).matches()) {
            problems.add("ipmitool '" + ipmitool + "' must be an executable name or an absolute path without blanks");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration org.attune.power.ipmi"
                    + (hostId == null || hostId.isBlank() ? "" : " for host " + hostId) + ": " + String.join("; ", problems));
        }
    }

    static boolean validPassword(String p) {
        return p != null && !p.isEmpty() && p.length() <= 20 && p.indexOf('\0') < 0 && p.indexOf('\n') < 0;
    }

    static IpmiSettings from(IpmiConfiguration c) {
        return new IpmiSettings(trim(c.hostId()), trim(c.address()), c.port(), trim(c.username()), c.password(),
                c.passwordFile(), c.cipherSuite(), c.softOff(), c.timeoutSeconds(), trim(c.ipmitool()));
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    @Override
    public String toString() {
        return "IpmiSettings[hostId=" + hostId + ", address=" + address + ", port=" + port
                + (passwordFile.isEmpty() ? "" : ", passwordFile=" + passwordFile) + ", cipherSuite="
                + cipherSuite + ", softOff=" + softOff + ", timeoutSeconds=" + timeoutSeconds + ", ipmitool=" + ipmitool
                + "]";
    }
}
