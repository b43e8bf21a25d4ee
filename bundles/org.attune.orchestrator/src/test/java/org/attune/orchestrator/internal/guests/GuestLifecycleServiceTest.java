package org.attune.orchestrator.internal.guests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.attune.api.Availability;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.PowerState;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.DriverStatus;
import org.attune.api.driver.GuestSpec;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.orchestrator.GuestRequest;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.junit.jupiter.api.Test;

/**
 * Order, facts and rollback of the lifecycle. The provisioners and the driver here are recording fakes: the real
 * ones (dnsmasq, ganesha, libvirt) are exercised by their own tests and by itests/lab/ProvisionedGuestLabIT.
 */
class GuestLifecycleServiceTest {

    private final List<String> calls = new ArrayList<>();

    /** Records calls; hands out a fact; fails on provision when asked. */
    private final class Recording implements Provisioner {
        final String name;
        final Map<String, String> facts;
        boolean fail;

        Recording(String name, Map<String, String> facts) {
            this.name = name;
            this.facts = facts;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void provision(Guest guest) {
        }

        @Override
        public Map<String, String> provisionWithFacts(Guest guest) throws ProvisioningException {
            calls.add(name + ".provision " + guest.labels());
            if (fail) {
                throw new ProvisioningException("guest " + guest.name() + ": " + name + " says no");
            }
            return facts;
        }

        @Override
        public void rollback(Guest guest) {
            calls.add(name + ".rollback");
        }

        @Override
        public void deprovision(Guest guest, boolean deleteData) {
            calls.add(name + ".deprovision " + deleteData);
        }
    }

    /** One host "h1"; defines guests into its inventory, or refuses. */
    private final class Driver implements HypervisorDriver {
        final Map<String, Guest> guests = new HashMap<>();
        GuestSpec lastSpec;
        boolean refuse;

        @Override
        public String id() {
            return "fake";
        }

        @Override
        public DriverStatus status() {
            return DriverStatus.online("");
        }

        @Override
        public Inventory inventory() {
            Map<String, String> placement = new HashMap<>();
            guests.keySet().forEach(id -> placement.put(id, "h1"));
            return new Inventory("fake", List.of(new Host("h1", "h1", "fake", 1000, 1, 4096, PowerState.ON,
                    Availability.ONLINE, "")), List.copyOf(guests.values()), placement);
        }

        @Override
        public String defineGuest(String hostId, GuestSpec spec) throws DriverException {
            calls.add("define " + spec.name());
            if (refuse) {
                throw new DriverException("host h1: libvirt refuses");
            }
            lastSpec = spec;
            String id = "uuid-" + spec.name();
            guests.put(id, new Guest(id, spec.name(), spec.vcpus(), spec.memoryMiB(), spec.mac(), "", Map.of(),
                    GuestState.RUNNING));
            return id;
        }

        @Override
        public void undefineGuest(String guestId) {
            calls.add("undefine " + guests.remove(guestId).name());
        }

        @Override
        public MigrationJob migrate(String guestId, String targetHostId, MigrationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startGuest(String guestId) {
        }

        @Override
        public void stopGuest(String guestId) {
        }
    }

    private final Driver driver = new Driver();
    private final Recording dhcp = new Recording("dhcp", Map.of(Provisioner.LABEL_ADDRESS, "10.0.0.5"));
    private final Recording nfs = new Recording("nfs", Map.of(Provisioner.LABEL_NFS_SERVER, "10.0.0.1",
            Provisioner.LABEL_NFS_PATH, "/attune/web"));
    private final GuestLifecycleService lifecycle = new GuestLifecycleService(
            new GuestLifecycleService.Boot("/k", "/i", "console=ttyS0", "br0", Path.of("/logs")), () -> List.of(driver),
            // registered out of order on purpose
            () -> List.of(new GuestLifecycleService.Ordered(nfs, 20), new GuestLifecycleService.Ordered(dhcp, 10)));

    @Test
    void provisionersRunInOrderAndTheirFactsReachTheNextOneAndTheDriver() throws Exception {
        Guest g = lifecycle.create(GuestRequest.of("web", "h1"));
        assertThat(calls).containsExactly("dhcp.provision {}", "nfs.provision {attune.address=10.0.0.5}", "define web");
        assertThat(driver.lastSpec.cmdline())
                .isEqualTo("console=ttyS0 attune.ip=dhcp attune.hostname=web attune.nfs=10.0.0.1:/attune/web");
        assertThat(driver.lastSpec.mac()).isEqualTo(GuestLifecycleService.derivedMac("web")).startsWith("52:54:00:");
        assertThat(driver.lastSpec.consoleLog()).isEqualTo("/logs/web.console.log");
        assertThat(g.id()).isEqualTo("uuid-web");
        assertThat(g.labels()).containsEntry(Provisioner.LABEL_ADDRESS, "10.0.0.5");
        assertThat(lifecycle.guests()).extracting(Guest::name).containsExactly("web");

        calls.clear();
        lifecycle.destroy("web", true);
        assertThat(calls).containsExactly("undefine web", "nfs.deprovision true", "dhcp.deprovision true");
        assertThat(lifecycle.guests()).isEmpty();
    }

    @Test
    void aRefusedDomainRollsBackWhatWasProvisioned() {
        driver.refuse = true;
        assertThatThrownBy(() -> lifecycle.create(GuestRequest.of("web", "h1"))).isInstanceOf(DriverException.class)
                .hasMessageContaining("libvirt refuses");
        assertThat(calls).containsExactly("dhcp.provision {}", "nfs.provision {attune.address=10.0.0.5}", "define web",
                "nfs.rollback", "dhcp.rollback");
        assertThat(lifecycle.guests()).isEmpty();
    }

    @Test
    void aFailingProvisionerRollsBackTheOnesBeforeIt() {
        nfs.fail = true;
        assertThatThrownBy(() -> lifecycle.create(GuestRequest.of("web", "h1").withAddress("10.0.0.9")))
                .isInstanceOf(ProvisioningException.class).hasMessage("guest web: nfs says no");
        assertThat(calls).containsExactly("dhcp.provision {attune.address=10.0.0.9}",
                "nfs.provision {attune.address=10.0.0.5}", "dhcp.rollback");
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingRuns() throws Exception {
        assertThatThrownBy(() -> lifecycle.create(GuestRequest.of("a;b", "h1"))).hasMessageContaining("invalid guest name 'a;b'");
        assertThatThrownBy(() -> lifecycle.create(GuestRequest.of("../x", "h1"))).hasMessageContaining("invalid guest name");
        assertThatThrownBy(() -> lifecycle.create(GuestRequest.of("web", "h9"))).hasMessageContaining("unknown host 'h9' (hosts: h1)");
        assertThatThrownBy(() -> lifecycle.create(GuestRequest.of("web", "h1").withMac("zz"))).hasMessageContaining("invalid MAC 'zz'");
        assertThatThrownBy(() -> lifecycle.create(GuestRequest.of("web", "h1").withSize(0, 128))).hasMessageContaining("vcpus");
        lifecycle.create(GuestRequest.of("web", "h1"));
        calls.clear();
        assertThatThrownBy(() -> lifecycle.create(GuestRequest.of("web", "h1"))).hasMessageContaining("guest web already exists on host h1");
        assertThat(calls).isEmpty();
    }
}
