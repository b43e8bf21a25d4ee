package org.attune.orchestrator.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drivers' inventories merged into one: hosts and guests by id, the first driver to report an id keeps it, and
 * a guest on a host its own driver does not report is left out. Every conflict is an error line. Immutable.
 *
 * @param hosts        hosts of every driver
 * @param guests       guests of every driver
 * @param placement    guest id to host id
 * @param driverOfHost the driver that owns each host: the one that migrates its guests
 * @param errors       what was left out and why
 */
record MergedInventory(List<Host> hosts, List<Guest> guests, Map<String, String> placement,
                       Map<String, HypervisorDriver> driverOfHost, List<String> errors) {

    private static final Logger LOG = LoggerFactory.getLogger(MergedInventory.class);

    /** A bound driver and its type ({@link HypervisorDriver#TYPE}). */
    record DriverEntry(HypervisorDriver driver, String type) {
    }

    MergedInventory {
        hosts = List.copyOf(hosts);
        guests = List.copyOf(guests);
        placement = Map.copyOf(placement);
        driverOfHost = Map.copyOf(driverOfHost);
        errors = List.copyOf(errors);
    }

    static MergedInventory merge(List<DriverEntry> drivers) {
        List<String> errors = new ArrayList<>();
        List<Host> hosts = new ArrayList<>();
        List<Guest> guests = new ArrayList<>();
        Map<String, String> placement = new HashMap<>();
        Map<String, HypervisorDriver> driverOfHost = new HashMap<>();
        Map<String, String> driverOfGuest = new HashMap<>();
        for (DriverEntry entry : drivers) {
            HypervisorDriver driver = entry.driver();
            Inventory inventory = inventoryOf(driver);
            if (inventory == null) {
                errors.add("driver " + driver.id() + ": inventory failed");
                continue;
            }
            Set<String> ownHosts = new HashSet<>();
            for (Host h : inventory.hosts()) {
                if (driverOfHost.containsKey(h.id())) {
                    errors.add("host " + h.id() + " is reported by drivers " + driverOfHost.get(h.id()).id() + " and "
                            + driver.id() + "; keeping " + driverOfHost.get(h.id()).id());
                    continue;
                }
                driverOfHost.put(h.id(), driver);
                ownHosts.add(h.id());
                hosts.add(h);
            }
            for (Guest g : inventory.guests()) {
                String host = inventory.placement().get(g.id());
                if (driverOfGuest.containsKey(g.id())) {
                    errors.add("guest " + g.name() + " is reported by drivers " + driverOfGuest.get(g.id()) + " and "
                            + driver.id() + "; keeping " + driverOfGuest.get(g.id()));
                    continue;
                }
                if (host == null || !ownHosts.contains(host)) {
                    errors.add("guest " + g.name() + " of driver " + driver.id() + " is on unknown host " + host);
                    continue;
                }
                driverOfGuest.put(g.id(), driver.id());
                guests.add(g);
                placement.put(g.id(), host);
            }
        }
        return new MergedInventory(hosts, guests, placement, driverOfHost, errors);
    }

    /** The driver's inventory, or null when it fails to report one (the contract says it must not; some do). */
    static Inventory inventoryOf(HypervisorDriver driver) {
        try {
            return driver.inventory();
        } catch (RuntimeException e) {
            LOG.warn("Driver {} failed to report its inventory: {}", driver.id(), e.toString());
            return null;
        }
    }
}
