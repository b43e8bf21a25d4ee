package org.attune.api.driver;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.attune.api.Guest;
import org.attune.api.Host;

/**
 * What a driver reports: its hosts, its guests and where each guest runs. Immutable.
 *
 * @param driverId  the reporting driver
 * @param hosts     the driver's hosts
 * @param guests    the driver's guests
 * @param placement guest id to host id; every guest appears exactly once
 */
public record Inventory(String driverId, List<Host> hosts, List<Guest> guests, Map<String, String> placement) {

    public Inventory {
        Objects.requireNonNull(driverId, "driverId");
        hosts = List.copyOf(hosts);
        guests = List.copyOf(guests);
        placement = Map.copyOf(placement);
    }

    public static Inventory empty(String driverId) {
        return new Inventory(driverId, List.of(), List.of(), Map.of());
    }
}
