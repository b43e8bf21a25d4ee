package org.attune.driver.sim.internal.engine;

import java.util.Objects;
import java.util.Optional;

import org.attune.api.Host;
import org.attune.api.PowerState;
import org.attune.api.driver.DriverException;
import org.attune.api.power.PowerController;
import org.attune.api.power.PowerException;

/**
 * The simulated cluster's own power switch as a {@link PowerController} ({@code attune.power.type=sim}): powering on
 * makes a host BOOTING for its configured boot time, powering off makes it SHUTTING_DOWN, then OFF, and is refused
 * while guests are on it or migrating to it. Returns at once (the cluster's lock only). Thread-safe.
 */
public final class SimPowerController implements PowerController {

    /** Value of the {@link PowerController#TYPE} service property. */
    public static final String TYPE = "sim";

    private final SimCluster cluster;

    public SimPowerController(SimCluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    @Override
    public String name() {
        return "sim:" + cluster.id();
    }

    @Override
    public boolean controls(String hostId) {
        return cluster.supportsPowerControl(hostId);
    }

    @Override
    public Optional<PowerState> state(String hostId) throws PowerException {
        for (Host h : cluster.inventory().hosts()) {
            if (h.id().equals(hostId)) {
                return Optional.of(h.power());
            }
        }
        throw new PowerException("simulated cluster " + cluster.id() + " has no host " + hostId);
    }

    @Override
    public void powerOn(String hostId) throws PowerException {
        try {
            cluster.powerOn(hostId);
        } catch (DriverException e) {
            throw new PowerException(e.getMessage(), e);
        }
    }

    @Override
    public void powerOff(String hostId) throws PowerException {
        try {
            cluster.powerOff(hostId);
        } catch (DriverException e) {
            throw new PowerException(e.getMessage(), e);
        }
    }
}
