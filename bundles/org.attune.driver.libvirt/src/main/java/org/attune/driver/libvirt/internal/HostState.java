package org.attune.driver.libvirt.internal;

import java.util.Map;
import java.util.Objects;

import org.attune.api.Availability;
import org.attune.api.Host;

/**
 * A host's state as last published by its {@link LibvirtHost}. Immutable.
 *
 * @param host    the host record (availability and detail included)
 * @param domains the domains of the latest successful refresh, by UUID; kept (stale) while the host is offline
 * @param mipsPerCore the speed of one core used for capacity and guest demand; 0 until the node is known
 */
record HostState(Host host, Map<String, DomainReading> domains, double mipsPerCore) {

    HostState {
        Objects.requireNonNull(host, "host");
        domains = Map.copyOf(domains);
    }

    boolean online() {
        return host.availability() == Availability.ONLINE;
    }
}
