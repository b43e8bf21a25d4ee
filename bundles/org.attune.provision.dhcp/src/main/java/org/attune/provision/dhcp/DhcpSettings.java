package org.attune.provision.dhcp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.attune.provision.dhcp.internal.Ipv4;

/**
 * Validated settings of one DHCP provisioner: what one {@code etc/org.attune.provision.dhcp-<name>.cfg} says, as a
 * value. Immutable. The constructor throws an {@link IllegalArgumentException} naming every bad value by its
 * configuration key (e.g. {@code poolStart '10.0.0.300' is not an IPv4 address}), a {@link NullPointerException}
 * for a null value; {@link #supervised} fills in the file's defaults.
 *
 * @param supervised    true: run and watch an own dnsmasq; false: only write the hosts file of a dnsmasq someone
 *                      else runs and signal it ({@code pidFile})
 * @param poolStart     first address guests may be given, a dotted quad (strict: no leading zeros)
 * @param poolEnd       last address, at least {@code poolStart}; at most 65536 addresses in all
 * @param netmask       netmask the supervised dnsmasq hands out, a dotted quad
 * @param leaseTime     the supervised dnsmasq's lease time in its syntax: {@code 600}, {@code 1h}, {@code infinite}
 * @param interfaceName interface the supervised dnsmasq serves (required when supervised, else may be "")
 * @param netns         network namespace (name under {@code /run/netns}) for the supervised dnsmasq, "" for none
 * @param stateDir      the supervised dnsmasq's directory (leases, log); absolute and normalised
 * @param hostsFile     the dnsmasq {@code --dhcp-hostsfile}; absolute and normalised
 * @param pidFile       dnsmasq's pid file, signalled after every change; absolute and normalised
 * @param dnsmasqBinary the dnsmasq binary to run (supervised)
 */
public record DhcpSettings(boolean supervised, String poolStart, String poolEnd, String netmask, String leaseTime,
                           String interfaceName, String netns, Path stateDir, Path hostsFile, Path pidFile,
                           String dnsmasqBinary) {

    public static final String DEFAULT_NETMASK = "255.255.255.0";
    public static final String DEFAULT_LEASE_TIME = "1h";
    public static final String DEFAULT_DNSMASQ_BINARY = "dnsmasq";

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final Pattern LEASE = Pattern.compile("[0-9]+[smhdw]?|infinite");

    public DhcpSettings {
        Objects.requireNonNull(poolStart, "poolStart");
        Objects.requireNonNull(poolEnd, "poolEnd");
        Objects.requireNonNull(netmask, "netmask");
        Objects.requireNonNull(leaseTime, "leaseTime");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(netns, "netns");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(hostsFile, "hostsFile");
        Objects.requireNonNull(pidFile, "pidFile");
        Objects.requireNonNull(dnsmasqBinary, "dnsmasqBinary");
        List<String> problems = new ArrayList<>();
        long start = address("poolStart", poolStart, problems);
        long end = address("poolEnd", poolEnd, problems);
        if (start >= 0 && end >= 0 && (end < start || end - start > 65_535)) {
            problems.add("pool " + poolStart + " - " + poolEnd + " is empty or larger than 65536 addresses");
        }
        if (Ipv4.parse(netmask) < 0) {
            problems.add("netmask '" + netmask + "' is not an IPv4 netmask");
        }
        if (!LEASE.matcher(leaseTime).matches()) {
            problems.add("leaseTime '" + leaseTime + "' is not a dnsmasq lease time (1h, 600, ...)");
        }
        if (supervised && !WORD.matcher(interfaceName).matches()) {
            problems.add("supervised mode needs interfaceName (a network interface), was '" + interfaceName + "'");
        }
        if (!netns.isEmpty() && !WORD.matcher(netns).matches()) {
            problems.add("netns '" + netns + "' is not a network namespace name");
        }
        absolute("stateDir", stateDir, problems);
        absolute("hostsFile", hostsFile, problems);
        absolute("pidFile", pidFile, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * A supervised dnsmasq with the configuration file's defaults: netmask {@value #DEFAULT_NETMASK}, lease time
     * {@value #DEFAULT_LEASE_TIME}, {@code <stateDir>/dhcp-hosts}, {@code <stateDir>/dnsmasq.pid}, binary
     * {@value #DEFAULT_DNSMASQ_BINARY}.
     *
     * @param netns network namespace to run dnsmasq in, "" for the current one
     */
    public static DhcpSettings supervised(String poolStart, String poolEnd, String interfaceName, String netns,
                                          Path stateDir) {
        return new DhcpSettings(true, poolStart, poolEnd, DEFAULT_NETMASK, DEFAULT_LEASE_TIME, interfaceName, netns,
                stateDir, stateDir.resolve("dhcp-hosts"), stateDir.resolve("dnsmasq.pid"), DEFAULT_DNSMASQ_BINARY);
    }

    private static long address(String key, String value, List<String> problems) {
        long v = Ipv4.parse(value);
        if (v < 0) {
            problems.add(key + " '" + value + "' is not an IPv4 address");
        }
        return v;
    }

    private static void absolute(String key, Path p, List<String> problems) {
        if (!p.isAbsolute() || !p.normalize().equals(p)) {
            problems.add(key + " '" + p + "' must be an absolute, normalised path");
        }
    }
}
