package org.attune.provision.dhcp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.attune.testing.HostCommands;

/**
 * Two network namespaces the test creates and removes: "server" (veth end {@code vs}, 10.77.0.1/24, where dnsmasq
 * runs) and "client" (veth end {@code vc}, where busybox udhcpc asks for a lease with a given MAC).
 */
final class DhcpNet implements AutoCloseable {

    static final String SERVER_IP = "10.77.0.1";

    private static final Pattern LEASE = Pattern.compile("LEASE ip=(\\S*) hostname=(\\S*)");

    final String server;
    final String client;
    private final Path script;

    record Lease(String address, String hostname) {
    }

    DhcpNet(Path dir) throws IOException, InterruptedException {
        HostCommands.ensure("dnsmasq", "dnsmasq-base");
        HostCommands.ensure("busybox", "busybox-static");
        String id = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        server = "adhs-" + id;
        client = "adhc-" + id;
        HostCommands.run("ip", "netns", "add", server);
        HostCommands.run("ip", "netns", "add", client);
        HostCommands.run("ip", "-n", server, "link", "set", "lo", "up");
        HostCommands.run("ip", "-n", server, "link", "add", "vs", "type", "veth", "peer", "name", "vc", "netns", client);
        HostCommands.run("ip", "-n", server, "addr", "add", SERVER_IP + "/24", "dev", "vs");
        HostCommands.run("ip", "-n", server, "link", "set", "vs", "up");
        script = dir.resolve("udhcpc.script");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && echo \"LEASE ip=$ip hostname=$hostname\"\nexit 0\n");
        HostCommands.run("chmod", "755", script.toString());
    }

    /** Asks for a lease with the given MAC from the client namespace; null when none was offered. */
    Lease lease(String mac) throws IOException, InterruptedException {
        HostCommands.run("ip", "-n", client, "link", "set", "vc", "down");
        HostCommands.run("ip", "-n", client, "link", "set", "vc", "address", mac);
        HostCommands.run("ip", "-n", client, "link", "set", "vc", "up");
        HostCommands.Result r = HostCommands.exec(30, "ip", "netns", "exec", client, "busybox", "udhcpc", "-i", "vc", "-f", "-q", "-n",
                "-t", "5", "-T", "1", "-O", "hostname", "-s", script.toString());
        Matcher m = LEASE.matcher(r.output());
        return m.find() ? new Lease(m.group(1), m.group(2)) : null;
    }

    @Override
    public void close() throws Exception {
        HostCommands.exec(20, "ip", "netns", "del", client);
        HostCommands.exec(20, "ip", "netns", "del", server);
    }
}
