package org.attune.provision.dhcp;

import java.io.IOException;
import java.util.Map;

import org.attune.api.Guest;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.attune.provision.dhcp.internal.DnsmasqProvisioner;

/**
 * DHCP reservations in a dnsmasq hosts file, owned by the code that {@link #start started} it instead of by OSGi:
 * the same implementation as the bundle's {@code attune.provisioner.name=dhcp} services. Provisioning reserves the
 * guest's MAC an address of the pool (its {@link Provisioner#LABEL_ADDRESS} label, else the first free one) under
 * its name and returns that address as the fact {@link Provisioner#LABEL_ADDRESS}; dnsmasq rereads the file on
 * SIGHUP, keeping other leases. In supervised mode it also runs dnsmasq and starts it again whenever it exits.
 *
 * <p><b>Threading:</b> thread-safe; changes are serialised. A supervised dnsmasq is watched by a thread of its own.
 * <p><b>Blocking:</b> {@link #start} returns once dnsmasq is spawned, without waiting for it to serve; provisioning
 * blocks for one atomic file write and a signal; {@link #close()} waits at most 5 seconds for dnsmasq to end.
 * <p><b>Errors:</b> bad input (name, MAC, an address outside the pool or taken) is a
 * {@link org.attune.api.provision.ProvisioningException} naming the guest, thrown before the file is touched. A
 * dnsmasq that dies is restarted with a backoff and logged, never thrown; a change made while it is down applies
 * when it is back (it reads the file at start).
 */
public final class StandaloneDhcpProvisioner implements Provisioner, AutoCloseable {

    // A class, not an interface the implementation implements: the implementation never depends on this type.
    private final DnsmasqProvisioner provisioner;

    private StandaloneDhcpProvisioner(DnsmasqProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    /**
     * Prepares the state directory and hosts file and, when supervised, starts dnsmasq; returns at once.
     *
     * @throws IOException          when the directory or file cannot be created, or dnsmasq cannot be launched
     *                              (e.g. the binary is missing)
     * @throws NullPointerException when {@code settings} is null
     */
    public static StandaloneDhcpProvisioner start(DhcpSettings settings) throws IOException {
        DnsmasqProvisioner p = new DnsmasqProvisioner(settings);
        p.start();
        return new StandaloneDhcpProvisioner(p);
    }

    /** The settings it was started with. */
    public DhcpSettings settings() {
        return provisioner.settings();
    }

    /** The supervised dnsmasq's pid; -1 while it is not running, after {@link #close()}, and in external mode. */
    public long supervisedPid() {
        return provisioner.supervisedPid();
    }

    @Override
    public String name() {
        return provisioner.name();
    }

    @Override
    public void provision(Guest guest) throws ProvisioningException {
        provisioner.provision(guest);
    }

    @Override
    public Map<String, String> provisionWithFacts(Guest guest) throws ProvisioningException {
        return provisioner.provisionWithFacts(guest);
    }

    @Override
    public void rollback(Guest guest) throws ProvisioningException {
        provisioner.rollback(guest);
    }

    @Override
    public void migrated(Guest guest, String fromHostId, String toHostId) throws ProvisioningException {
        provisioner.migrated(guest, fromHostId, toHostId);
    }

    @Override
    public void deprovision(Guest guest, boolean deleteData) throws ProvisioningException {
        provisioner.deprovision(guest, deleteData);
    }

    /**
     * Stops a supervised dnsmasq (SIGTERM, then SIGKILL after 5 seconds); the hosts file stays, so reservations are
     * served again by the next dnsmasq. Idempotent; does not throw.
     */
    @Override
    public void close() {
        provisioner.close();
    }
}
