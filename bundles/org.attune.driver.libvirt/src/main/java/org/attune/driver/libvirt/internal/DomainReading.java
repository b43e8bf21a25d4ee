package org.attune.driver.libvirt.internal;

import java.util.Objects;

import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.probe.cpu.CpuRate;

/**
 * One domain as one host reported it in its latest refresh. Immutable.
 *
 * @param uuid      the domain's UUID, Attune's guest id
 * @param name      the domain's name
 * @param domainId  libvirt's per-daemon numeric id, -1 when inactive; never used as an identity
 * @param state     run state
 * @param active    true when the domain runs (or is paused) on this host
 * @param vcpus     virtual CPUs
 * @param memoryMiB maximum memory
 * @param details   MAC, tier, labels from the domain XML
 * @param cpu       CPU use over the latest poll interval; null when not known yet (or after a counter reset)
 */
record DomainReading(String uuid, String name, int domainId, GuestState state, boolean active, int vcpus,
                     long memoryMiB, DomainDetails details, CpuRate cpu) {

    DomainReading {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(details, "details");
    }

    Guest toGuest(GuestState reportedState) {
        return new Guest(uuid, name, Math.max(0, vcpus), Math.max(0, memoryMiB), details.mac(), details.tier(),
                details.labels(), reportedState);
    }
}
