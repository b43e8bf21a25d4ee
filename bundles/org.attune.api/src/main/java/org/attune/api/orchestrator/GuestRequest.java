package org.attune.api.orchestrator;

import java.util.Map;
import java.util.Objects;

/**
 * A request to create a guest through {@link GuestLifecycle}. Immutable; validation of names, addresses and MACs
 * is done by the lifecycle and its provisioners, which refuse bad input with a message naming what is wrong.
 *
 * @param name      guest name (also its DHCP host name and export name)
 * @param hostId    host to define and start it on
 * @param vcpus     virtual CPUs
 * @param memoryMiB memory
 * @param mac       MAC address, "" to derive a stable one from the name
 * @param address   IPv4 address to reserve, "" to take the first free one of the DHCP pool
 * @param tier      application tier, "" for none
 * @param labels    extra labels
 */
public record GuestRequest(String name, String hostId, int vcpus, long memoryMiB, String mac, String address,
                           String tier, Map<String, String> labels) {

    public GuestRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostId, "hostId");
        mac = mac == null ? "" : mac;
        address = address == null ? "" : address;
        tier = tier == null ? "" : tier;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A guest of 1 vCPU and 128 MiB with a derived MAC and a pool address. */
    public static GuestRequest of(String name, String hostId) {
        return new GuestRequest(name, hostId, 1, 128, "", "", "", Map.of());
    }

    public GuestRequest withMac(String newMac) {
        return new GuestRequest(name, hostId, vcpus, memoryMiB, newMac, address, tier, labels);
    }

    public GuestRequest withAddress(String newAddress) {
        return new GuestRequest(name, hostId, vcpus, memoryMiB, mac, newAddress, tier, labels);
    }

    public GuestRequest withSize(int newVcpus, long newMemoryMiB) {
        return new GuestRequest(name, hostId, newVcpus, newMemoryMiB, mac, address, tier, labels);
    }

    public GuestRequest withTier(String newTier) {
        return new GuestRequest(name, hostId, vcpus, memoryMiB, mac, address, newTier, labels);
    }
}
