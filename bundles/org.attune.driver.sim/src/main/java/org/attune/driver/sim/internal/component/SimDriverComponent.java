package org.attune.driver.sim.internal.component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.attune.api.Metrics;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.power.PowerController;
import org.attune.api.probe.Probe;
import org.attune.driver.sim.VirtualClock;
import org.attune.driver.sim.internal.clock.ScaledClock;
import org.attune.driver.sim.internal.config.Definition;
import org.attune.driver.sim.internal.config.DriverSettings;
import org.attune.driver.sim.internal.config.SimDefinitions;
import org.attune.driver.sim.internal.config.SimDriverConfiguration;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.engine.SimPowerController;
import org.attune.driver.sim.internal.engine.SimProbe;
import org.attune.driver.sim.internal.engine.SimTrafficProbe;
import org.attune.simulation.Durations;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cluster as an OSGi driver: builds a {@link SimCluster} from its configuration, advances it on its
 * own thread every tick, and registers it as {@link HypervisorDriver} ({@code attune.driver.type=sim}) together
 * with its {@link SimProbe} ({@code attune.probe.name=sim}). The services are registered by hand rather than
 * by DS because the component owns a cluster whose life is exactly the component's: a new configuration builds
 * a new cluster. Host and guest definitions are bound dynamically and applied on the simulation thread.
 */
@Component(name = SimDefinitions.DRIVER_PID, configurationPid = SimDefinitions.DRIVER_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = SimDriverConfiguration.class)
public final class SimDriverComponent {

    /** Service property naming the driver instance, for target filters. */
    public static final String DRIVER_ID = "attune.driver.id";
    /** A guest may wait this long (wall time) for its host at start-up before that is logged as a problem. */
    static final double STARTUP_GRACE_WALL_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(SimDriverComponent.class);

    private final SimCluster cluster;
    private final ClusterTicker ticker;
    private final ServiceRegistration<HypervisorDriver> driverRegistration;
    private final ServiceRegistration<Probe> probeRegistration;
    private final SimTrafficProbe trafficProbe;
    private final ServiceRegistration<Probe> trafficRegistration;
    private final ServiceRegistration<PowerController> powerRegistration;
    /** Definitions applied to the cluster, by source. Touched only on the ticker's thread. */
    private final Map<String, Definition<?>> applied = new HashMap<>();

    @Activate
    public SimDriverComponent(BundleContext context, SimDriverConfiguration config) {
        List<String> problems = new ArrayList<>();
        DriverSettings settings = SimDefinitions.driver(config, problems);
        Clock clock = settings.clock() == DriverSettings.Clock.VIRTUAL ? new VirtualClock(Instant.now())
                : new ScaledClock(settings.speedup());
        cluster = new SimCluster(settings.id(), clock, settings.maxStep());
        cluster.setProblemGrace(Durations.ofSeconds(STARTUP_GRACE_WALL_SECONDS * settings.speedup()));
        if (!problems.isEmpty()) {
            String source = "driver config " + SimDefinitions.DRIVER_PID;
            cluster.reject(source, source + ": " + String.join("; ", problems));
        }
        ticker = new ClusterTicker(cluster, clock, settings.tick(), settings.speedup(), "attune-sim-" + settings.id());

        Hashtable<String, Object> driverProps = new Hashtable<>();
        driverProps.put(HypervisorDriver.TYPE, SimCluster.TYPE);
        driverProps.put(DRIVER_ID, settings.id());
        driverProps.put(Constants.SERVICE_DESCRIPTION, "Attune simulated cluster");
        Hashtable<String, Object> probeProps = new Hashtable<>();
        probeProps.put(Probe.NAME, SimProbe.NAME);
        probeProps.put(Probe.METRIC, SimProbe.METRICS.toArray(new String[0]));
        probeProps.put(DRIVER_ID, settings.id());
        trafficProbe = new SimTrafficProbe(cluster);
        Hashtable<String, Object> trafficProps = new Hashtable<>();
        trafficProps.put(Probe.NAME, SimTrafficProbe.NAME);
        trafficProps.put(Probe.METRIC, Metrics.TRAFFIC_PREFIX + "*");
        trafficProps.put(DRIVER_ID, settings.id());
        Hashtable<String, Object> powerProps = new Hashtable<>();
        powerProps.put(PowerController.TYPE, SimPowerController.TYPE);
        powerProps.put(DRIVER_ID, settings.id());
        ServiceRegistration<HypervisorDriver> d = null;
        ServiceRegistration<Probe> p = null;
        ServiceRegistration<Probe> t = null;
        try {
            d = context.registerService(HypervisorDriver.class, cluster, driverProps);
            p = context.registerService(Probe.class, new SimProbe(cluster), probeProps);
            t = context.registerService(Probe.class, trafficProbe, trafficProps);
            powerRegistration = context.registerService(PowerController.class, new SimPowerController(cluster),
                    powerProps);
        } catch (RuntimeException e) {
            unregister(t);
            unregister(p);
            unregister(d);
            ticker.close();
            throw e;
        }
        probeRegistration = p;
        trafficRegistration = t;
        driverRegistration = d;
        ticker.start();
        LOG.info("Simulated cluster {} started: {} clock, speed-up {}, tick {} ms, max step {}", settings.id(),
                settings.clock().name().toLowerCase(java.util.Locale.ROOT), settings.speedup(),
                settings.tick().toMillis(), settings.maxStep());
    }

    @Reference(service = SimHostComponent.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindHost(SimHostComponent host) {
        ticker.execute(() -> apply(host.definition()));
    }

    void unbindHost(SimHostComponent host) {
        ticker.execute(() -> withdraw(host.definition()));
    }

    @Reference(service = SimGuestComponent.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindGuest(SimGuestComponent guest) {
        ticker.execute(() -> {
            Definition<?> definition = guest.definition();
            apply(definition);
            if (definition.spec() instanceof org.attune.driver.sim.internal.model.GuestSpec spec) {
                trafficProbe.define(definition.source(), spec.name(), guest.traffic());
            }
        });
    }

    void unbindGuest(SimGuestComponent guest) {
        ticker.execute(() -> {
            Definition<?> definition = guest.definition();
            if (applied.get(definition.source()) == definition) {
                trafficProbe.forget(definition.source());
            }
            withdraw(definition);
        });
    }

    private void apply(Definition<?> definition) {
        applied.put(definition.source(), definition);
        definition.applyTo(cluster);
    }

    private void withdraw(Definition<?> definition) {
        // A reconfigured host may be bound anew before the old one is unbound: remove only what is still ours.
        if (applied.get(definition.source()) == definition) {
            applied.remove(definition.source());
            cluster.remove(definition.source());
        }
    }

    /** The cluster this component runs; for tests. */
    SimCluster cluster() {
        return cluster;
    }

    @Deactivate
    void deactivate() {
        unregister(powerRegistration);
        unregister(trafficRegistration);
        unregister(probeRegistration);
        unregister(driverRegistration);
        ticker.close();
        LOG.info("Simulated cluster {} stopped", cluster.id());
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // Already unregistered: the bundle is stopping.
        }
    }
}
