package org.attune.driver.libvirt.internal.component;

import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.attune.api.driver.HypervisorDriver;
import org.attune.api.probe.Probe;
import org.attune.driver.libvirt.internal.LibvirtCpuProbe;
import org.attune.driver.libvirt.internal.LibvirtDriver;
import org.attune.driver.libvirt.internal.LibvirtRuntime;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libvirt driver as OSGi services: one {@link HypervisorDriver} ({@code attune.driver.type=libvirt}, id
 * {@code libvirt}) owning every libvirt host, and its {@code cpu} {@link Probe}. Host configurations are bound
 * dynamically: a new file brings its host in, a deleted one takes it out and closes its connection. The services are
 * registered by hand because the component owns the driver, whose life is exactly the component's. Activation
 * starts loading libvirt and connecting in the background and returns at once.
 */
@Component(name = LibvirtDriverComponent.NAME, configurationPolicy = ConfigurationPolicy.IGNORE, service = {})
public final class LibvirtDriverComponent {

    static final String NAME = "org.attune.driver.libvirt.driver";
    /** Service property naming the driver instance, for target filters. */
    public static final String DRIVER_ID = "attune.driver.id";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtDriverComponent.class);

    private final LibvirtRuntime runtime;
    private final LibvirtDriver driver;
    private final ServiceRegistration<HypervisorDriver> driverRegistration;
    private final ServiceRegistration<Probe> probeRegistration;

    @Activate
    public LibvirtDriverComponent(BundleContext context) {
        runtime = LibvirtRuntime.acquire();
        driver = new LibvirtDriver(runtime);
        Hashtable<String, Object> driverProps = new Hashtable<>();
        driverProps.put(HypervisorDriver.TYPE, LibvirtDriver.TYPE);
        driverProps.put(DRIVER_ID, LibvirtDriver.ID);
        driverProps.put(Constants.SERVICE_DESCRIPTION, "Attune libvirt driver");
        Hashtable<String, Object> probeProps = new Hashtable<>();
        probeProps.put(Probe.NAME, LibvirtCpuProbe.NAME);
        probeProps.put(Probe.METRIC, LibvirtCpuProbe.METRICS.toArray(new String[0]));
        probeProps.put(DRIVER_ID, LibvirtDriver.ID);
        ServiceRegistration<HypervisorDriver> d = null;
        try {
            d = context.registerService(HypervisorDriver.class, driver, driverProps);
            probeRegistration = context.registerService(Probe.class, new LibvirtCpuProbe(driver), probeProps);
        } catch (RuntimeException e) {
            unregister(d);
            driver.close();
            LibvirtRuntime.release(runtime);
            throw e;
        }
        driverRegistration = d;
        LOG.info("libvirt driver started");
    }

    @Reference(service = LibvirtHostComponent.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindHost(LibvirtHostComponent host) {
        driver.bind(host.definition());
    }

    void unbindHost(LibvirtHostComponent host) {
        driver.unbind(host.definition());
    }

    /** The driver; for tests. */
    LibvirtDriver driver() {
        return driver;
    }

    @Deactivate
    void deactivate() {
        unregister(probeRegistration);
        unregister(driverRegistration);
        try {
            // Connections must be closed before the event loop stops.
            driver.close().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("libvirt connections not all closed within {} s", CLOSE_WAIT.toSeconds());
        }
        LibvirtRuntime.release(runtime);
        LOG.info("libvirt driver stopped");
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
