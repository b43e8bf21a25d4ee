package org.attune.orchestrator.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.attune.api.Guest;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.attune.api.probe.Probe;
import org.attune.orchestrator.internal.MergedInventory.DriverEntry;

/**
 * The drivers and probes bound now: what the monitor reads every cycle, and what the status lists. Thread-safe:
 * bindings change at any time; a reader gets what was bound when it asked.
 */
final class DriversAndProbes {

    private final ProbeRunner probeRunner;
    private final Map<String, DriverEntry> drivers = new LinkedHashMap<>();
    private final List<Probe> probes = new CopyOnWriteArrayList<>();

    /** @param probeRunner told when a probe goes, so a call of it that hangs is not waited for again */
    DriversAndProbes(ProbeRunner probeRunner) {
        this.probeRunner = probeRunner;
    }

    void addDriver(HypervisorDriver driver, String type) {
        synchronized (drivers) {
            drivers.put(driver.id(), new DriverEntry(driver, type == null ? "" : type));
        }
    }

    /** Unbinds a driver; returns the guests it reported last (their migrations will never report again). */
    Set<String> removeDriver(HypervisorDriver driver) {
        Inventory last = MergedInventory.inventoryOf(driver);
        synchronized (drivers) {
            drivers.values().removeIf(e -> e.driver() == driver);
        }
        return last == null ? Set.of() : last.guests().stream().map(Guest::id).collect(Collectors.toSet());
    }

    List<DriverEntry> drivers() {
        synchronized (drivers) {
            return List.copyOf(drivers.values());
        }
    }

    void addProbe(Probe probe) {
        probes.add(probe);
    }

    void removeProbe(Probe probe) {
        probes.remove(probe);
        probeRunner.forget(probe);
    }

    List<Probe> probes() {
        return List.copyOf(probes);
    }

    List<String> probeNames() {
        return probes.stream().map(ProbeRunner::name).toList();
    }
}
