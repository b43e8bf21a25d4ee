package org.attune.provision.nfs;

import java.io.IOException;
import java.util.Map;

import org.attune.api.Guest;
import org.attune.api.provision.Provisioner;
import org.attune.api.provision.ProvisioningException;
import org.attune.provision.nfs.internal.GaneshaProvisioner;

/**
 * One NFS export per guest from nfs-ganesha, owned by the code that {@link #start started} it instead of by OSGi:
 * the same implementation as the bundle's {@code attune.provisioner.name=nfs} services. Provisioning a guest (it
 * needs the {@link Provisioner#LABEL_ADDRESS} fact of the DHCP provisioner, which runs first) copies the template
 * into {@code <basePath>/<guest>}, exports it read-write to the guest's address only and returns the facts
 * {@link Provisioner#LABEL_NFS_SERVER} and {@link Provisioner#LABEL_NFS_PATH}; exports are added to and removed from
 * the running ganesha over D-Bus, the others untouched. In supervised mode it also runs ganesha and a private D-Bus
 * daemon and starts them again whenever they exit, with the same exports.
 *
 * <p><b>Threading:</b> thread-safe; changes are serialised. The supervised daemons are watched by threads of their
 * own.
 * <p><b>Blocking:</b> {@link #start} returns once the daemons are spawned (after waiting at most 10 seconds for the
 * bus socket), without waiting for ganesha to answer: poll {@link #ready()}. Provisioning copies the template and
 * waits at most 20 seconds for ganesha to answer; every D-Bus call is bounded by 15 seconds. {@link #close()} waits
 * at most 15 seconds for the daemons to end.
 * <p><b>Errors:</b> bad input (a guest name that is not one safe path segment, no or a bad address, a guest already
 * exported to another address) is a {@link org.attune.api.provision.ProvisioningException} naming the guest, thrown
 * before any file is touched; a failure while adding leaves nothing behind. Daemons that die are restarted with a
 * backoff and logged, never thrown.
 */
public final class StandaloneNfsProvisioner implements Provisioner, AutoCloseable {

    // A class, not an interface the implementation implements: the implementation never depends on this type.
    private final GaneshaProvisioner provisioner;

    private StandaloneNfsProvisioner(GaneshaProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    /**
     * Creates the directories and, when supervised, starts the private D-Bus daemon and ganesha; see the class
     * comment for what it waits for.
     *
     * @throws IOException          when a directory or ganesha's configuration cannot be written, or a daemon cannot
     *                              be launched (e.g. the binary is missing)
     * @throws NullPointerException when {@code settings} is null
     */
    public static StandaloneNfsProvisioner start(NfsSettings settings) throws IOException {
        GaneshaProvisioner p = new GaneshaProvisioner(settings);
        p.start();
        return new StandaloneNfsProvisioner(p);
    }

    /** The settings it was started with. */
    public NfsSettings settings() {
        return provisioner.settings();
    }

    /** The supervised ganesha's pid; -1 while it is not running, after {@link #close()}, and in external mode. */
    public long supervisedPid() {
        return provisioner.supervisedPid();
    }

    /** Whether ganesha answers on its D-Bus now; runs one {@code dbus-send}, at most 15 seconds. */
    public boolean ready() {
        return provisioner.ready();
    }

    /**
     * The guests exported now, by name, each to the address it is exported to, as read from the export files.
     *
     * @throws IOException when the export files cannot be read
     */
    public Map<String, String> exports() throws IOException {
        return provisioner.exports();
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
     * Stops a supervised ganesha (SIGTERM, then SIGKILL after 10 seconds) and its D-Bus daemon; the export files and
     * the guests' data stay, so the next ganesha serves the same exports. Idempotent; does not throw.
     */
    @Override
    public void close() {
        provisioner.close();
    }
}
