package org.attune.api;

import java.util.Map;
import java.util.Objects;

/**
 * A guest (virtual machine). Immutable. Where it runs is not part of the guest: see
 * {@link ClusterView#hostOf(String)} and {@link org.attune.api.driver.Inventory#placement()}.
 *
 * @param id        the guest's UUID as a string; unique across drivers and stable across migrations
 * @param name      display name, unique within the cluster
 * @param vcpus     virtual CPUs
 * @param memoryMiB memory size
 * @param mac       MAC address of its first network interface, or "" when unknown
 * @param tier      application tier the guest belongs to (e.g. "app"), or "" for none
 * @param labels    free-form labels
 * @param state     run state
 */
public record Guest(String id, String name, int vcpus, long memoryMiB, String mac, String tier,
                    Map<String, String> labels, GuestState state) {

    public Guest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        mac = mac == null ? "" : mac;
        tier = tier == null ? "" : tier;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (vcpus < 0 || memoryMiB < 0) {
            throw new IllegalArgumentException("guest " + name + ": size must not be negative");
        }
    }

    public Guest withState(GuestState newState) {
        return new Guest(id, name, vcpus, memoryMiB, mac, tier, labels, newState);
    }
}
