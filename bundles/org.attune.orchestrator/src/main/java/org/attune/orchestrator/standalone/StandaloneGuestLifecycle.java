package org.attune.orchestrator.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.attune.api.Guest;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.orchestrator.GuestLifecycle;
import org.attune.api.orchestrator.GuestRequest;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.attune.orchestrator.internal.guests.GuestLifecycleService;

/**
 * Guest creation and removal end to end without OSGi, as the {@code org.attune.guests} component does it: every
 * provisioner in ascending order (each one's facts become labels the next one and the driver see), then the driver
 * of the requested host defines and starts the guest with a direct kernel boot whose command line tells the guest
 * to take DHCP and mount its export; a failure undoes the steps done, in reverse order. See {@link GuestLifecycle}
 * for the threading, blocking and error contract.
 *
 * <pre>{@code
 * GuestLifecycle lifecycle = StandaloneGuestLifecycle.builder()
 *         .kernel("/var/lib/attune/vmlinuz").initrd("/var/lib/attune/initrd").network("br-lab")
 *         .driver(libvirt).provisioner(dhcp, 10).provisioner(nfs, 20).build();
 * }</pre>
 */
public final class StandaloneGuestLifecycle implements GuestLifecycle {

    private final GuestLifecycleService service;
    private final List<HypervisorDriver> drivers;
    private final List<GuestLifecycleService.Ordered> provisioners;

    private StandaloneGuestLifecycle(Builder b) {
        drivers = new CopyOnWriteArrayList<>(b.drivers);
        provisioners = new CopyOnWriteArrayList<>(b.provisioners);
        service = new GuestLifecycleService(new GuestLifecycleService.Boot(b.kernel, b.initrd, b.cmdline, b.network,
                b.consoleDir), () -> List.copyOf(drivers), () -> List.copyOf(provisioners));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Guest create(GuestRequest request) throws ProvisioningException, DriverException {
        return service.create(request);
    }

    @Override
    public void destroy(String name, boolean deleteData) throws ProvisioningException, DriverException {
        service.destroy(name, deleteData);
    }

    @Override
    public List<Guest> guests() {
        return service.guests();
    }

    /** Adds a driver: its hosts can receive guests from now on. */
    public void addDriver(HypervisorDriver driver) {
        drivers.add(Objects.requireNonNull(driver, "driver"));
    }

    public void removeDriver(HypervisorDriver driver) {
        drivers.remove(driver);
    }

    /** Adds a provisioner, run in ascending {@code order} on creation ({@link Provisioner#ORDER}). */
    public void addProvisioner(Provisioner provisioner, int order) {
        provisioners.add(new GuestLifecycleService.Ordered(Objects.requireNonNull(provisioner, "provisioner"), order));
    }

    /** Removes a provisioner: later guests are created without it. */
    public void removeProvisioner(Provisioner provisioner) {
        provisioners.removeIf(o -> o.provisioner() == provisioner);
    }

    /** Builds a {@link StandaloneGuestLifecycle}. Not thread-safe. */
    public static final class Builder {
        private String kernel;
        private String initrd = "";
        private String cmdline = "console=ttyS0 quiet panic=-1";
        private String network;
        private Path consoleDir;
        private final List<HypervisorDriver> drivers = new ArrayList<>();
        private final List<GuestLifecycleService.Ordered> provisioners = new ArrayList<>();

        private Builder() {
        }

        /** The kernel image's absolute path on the hosts. Required. */
        public Builder kernel(String value) {
            kernel = value;
            return this;
        }

        /** The initial RAM disk's path on the hosts; "" (the default) for none. */
        public Builder initrd(String value) {
            initrd = value == null ? "" : value;
            return this;
        }

        /** The base kernel command line; Attune appends {@code attune.ip=dhcp attune.hostname=NAME attune.nfs=...}. */
        public Builder cmdline(String value) {
            cmdline = value == null ? "" : value;
            return this;
        }

        /** The bridge the guests' NIC joins on every host. Required. */
        public Builder network(String value) {
            network = value;
            return this;
        }

        /** Where serial console logs go ({@code DIR/NAME.console.log}); null (the default) for none. */
        public Builder consoleDir(Path value) {
            consoleDir = value;
            return this;
        }

        public Builder driver(HypervisorDriver value) {
            drivers.add(Objects.requireNonNull(value, "driver"));
            return this;
        }

        /** A provisioner, run in ascending {@code order} on creation and in descending order on removal. */
        public Builder provisioner(Provisioner value, int order) {
            provisioners.add(new GuestLifecycleService.Ordered(Objects.requireNonNull(value, "provisioner"), order));
            return this;
        }

        /** @throws IllegalArgumentException when the kernel is not an absolute path or the network is missing */
        public StandaloneGuestLifecycle build() {
            if (kernel == null || kernel.isBlank() || !Path.of(kernel).isAbsolute()) {
                throw new IllegalArgumentException("kernel must be an absolute path, was '" + kernel + "'");
            }
            if (network == null || network.isBlank()) {
                throw new IllegalArgumentException("network (the bridge guests join) is required");
            }
            return new StandaloneGuestLifecycle(this);
        }
    }
}
