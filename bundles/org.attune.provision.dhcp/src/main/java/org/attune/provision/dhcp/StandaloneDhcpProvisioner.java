package org.attune.provision.dhcp;

import java.io.IOException;

import org.attune.api.provision.Provisioner;
import org.attune.provision.dhcp.internal.DnsmasqProvisioner;
import org.osgi.annotation.versioning.ProviderType;

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
@ProviderType
public interface StandaloneDhcpProvisioner extends Provisioner, AutoCloseable {

    /**
     * Prepares the state directory and hosts file and, when supervised, starts dnsmasq; returns at once.
     *
     * @throws IOException          when the directory or file cannot be created, or dnsmasq cannot be launched
     *                              (e.g. the binary is missing)
     * @throws NullPointerException when {@code settings} is null
     */
    static StandaloneDhcpProvisioner start(DhcpSettings settings) throws IOException {
        DnsmasqProvisioner p = new DnsmasqProvisioner(settings);
        p.start();
        return p;
    }

    DhcpSettings settings();

    /** The supervised dnsmasq's pid; -1 while it is not running, after {@link #close()}, and in external mode. */
    long supervisedPid();

    /**
     * Stops a supervised dnsmasq (SIGTERM, then SIGKILL after 5 seconds); the hosts file stays, so reservations are
     * served again by the next dnsmasq. Idempotent; does not throw.
     */
    @Override
    void close();
}
