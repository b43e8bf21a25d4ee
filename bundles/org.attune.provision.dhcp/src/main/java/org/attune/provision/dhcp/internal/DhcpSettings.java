package org.attune.provision.dhcp.internal;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Validated settings of one DHCP provisioner.
 *
 * @param supervised  true: run an own dnsmasq; false: manage an external one's hosts file
 * @param poolStart   first address, as unsigned int
 * @param poolEnd     last address, as unsigned int
 * @param netmask     netmask handed out
 * @param leaseTime   dnsmasq lease time
 * @param iface       interface dnsmasq serves (supervised)
 * @param netns       network namespace name, "" for none
 * @param stateDir    directory of the supervised dnsmasq's files
 * @param hostsFile   the dhcp hosts file
 * @param pidFile     dnsmasq's pid file
 * @param dnsmasq     the binary
 */
public record DhcpSettings(boolean supervised, long poolStart, long poolEnd, String netmask, String leaseTime, String iface,
                    String netns, Path stateDir, Path hostsFile, Path pidFile, String dnsmasq) {

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final Pattern LEASE = Pattern.compile("[0-9]+[smhdw]?|infinite");

    public static DhcpSettings from(DhcpConfiguration c) {
        String mode = c.mode().trim();
        if (!mode.equals("supervised") && !mode.equals("external")) {
            throw new IllegalArgumentException("mode must be supervised or external, was '" + mode + "'");
        }
        boolean supervised = mode.equals("supervised");
        long start = address("poolStart", c.poolStart());
        long end = address("poolEnd", c.poolEnd());
        if (end < start || end - start > 65_535) {
            throw new IllegalArgumentException("pool " + c.poolStart() + " - " + c.poolEnd()
                    + " is empty or larger than 65536 addresses");
        }
        if (Ipv4.parse(c.netmask()) < 0) {
            throw new IllegalArgumentException("netmask '" + c.netmask() + "' is not an IPv4 netmask");
        }
        if (!LEASE.matcher(c.leaseTime()).matches()) {
            throw new IllegalArgumentException("leaseTime '" + c.leaseTime() + "' is not a dnsmasq lease time (1h, 600, ...)");
        }
        if (supervised && !WORD.matcher(c.interfaceName()).matches()) {
            throw new IllegalArgumentException("supervised mode needs interfaceName (a network interface), was '"
                    + c.interfaceName() + "'");
        }
        if (!c.netns().isEmpty() && !WORD.matcher(c.netns()).matches()) {
            throw new IllegalArgumentException("netns '" + c.netns() + "' is not a network namespace name");
        }
        Path state = absolute("stateDir", c.stateDir());
        Path hosts = c.hostsFile().isEmpty() ? state.resolve("dhcp-hosts") : absolute("hostsFile", c.hostsFile());
        if (!supervised && c.pidFile().isEmpty()) {
            throw new IllegalArgumentException("external mode needs pidFile (the running dnsmasq's pid file)");
        }
        Path pid = c.pidFile().isEmpty() ? state.resolve("dnsmasq.pid") : absolute("pidFile", c.pidFile());
        return new DhcpSettings(supervised, start, end, c.netmask(), c.leaseTime(), c.interfaceName(), c.netns(),
                state, hosts, pid, c.dnsmasqBinary());
    }

    private static long address(String key, String value) {
        long v = Ipv4.parse(value == null ? null : value.trim());
        if (v < 0) {
            throw new IllegalArgumentException(key + " '" + value + "' is not an IPv4 address");
        }
        return v;
    }

    private static Path absolute(String key, String value) {
        Path p = Path.of(value);
        if (!p.isAbsolute() || !p.normalize().equals(p)) {
            throw new IllegalArgumentException(key + " '" + value + "' must be an absolute, normalised path");
        }
        return p;
    }

    public String pool() {
        return Ipv4.format(poolStart) + " - " + Ipv4.format(poolEnd);
    }
}
