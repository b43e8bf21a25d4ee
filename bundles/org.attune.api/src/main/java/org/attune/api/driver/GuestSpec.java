package org.attune.api.driver;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a driver needs to define a new guest that boots a kernel directly (no disk: its files live on a network
 * file system, its address comes from DHCP). Immutable.
 *
 * @param name       guest name, unique in the cluster: 1-63 characters of {@code [A-Za-z0-9_-]}, starting with a
 *                   letter or digit
 * @param vcpus      virtual CPUs, at least 1
 * @param memoryMiB  memory, at least 16 MiB
 * @param mac        MAC address of its network interface ({@code 52:54:00:12:34:56})
 * @param tier       application tier, "" for none
 * @param labels     free-form labels (provisioners' facts such as {@code attune.address} end up here)
 * @param kernel     path of the kernel image on the host
 * @param initrd     path of the initial RAM disk on the host, "" for none
 * @param cmdline    kernel command line
 * @param network    what the interface is attached to: a bridge name on the host
 * @param consoleLog file the serial console is written to, "" for none
 */
public record GuestSpec(String name, int vcpus, long memoryMiB, String mac, String tier, Map<String, String> labels,
                        String kernel, String initrd, String cmdline, String network, String consoleLog) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    public GuestSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid guest name '" + name
                    + "': use 1-63 characters of [A-Za-z0-9_-], starting with a letter or digit");
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("guest " + name + ": vcpus must be at least 1, was " + vcpus);
        }
        if (memoryMiB < 16) {
            throw new IllegalArgumentException("guest " + name + ": memory must be at least 16 MiB, was " + memoryMiB);
        }
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("guest " + name + ": invalid MAC '" + mac + "'");
        }
        mac = mac.toLowerCase(java.util.Locale.ROOT);
        tier = tier == null ? "" : tier;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Objects.requireNonNull(kernel, "kernel");
        initrd = initrd == null ? "" : initrd;
        cmdline = cmdline == null ? "" : cmdline;
        network = network == null ? "" : network;
        consoleLog = consoleLog == null ? "" : consoleLog;
    }
}
