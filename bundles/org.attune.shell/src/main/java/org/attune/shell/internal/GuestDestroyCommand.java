package org.attune.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.attune.api.orchestrator.GuestLifecycle;

/** Stops and removes a guest and what guest-create made for it. */
@Service
@Command(scope = "attune", name = "guest-destroy", description = "Stops and undefines a guest, removes its DHCP "
        + "reservation and NFS export; its files are kept unless --delete-data.")
public class GuestDestroyCommand extends AttuneCommandSupport {

    @Reference(optional = true)
    GuestLifecycle lifecycle;

    @Argument(index = 0, name = "name", required = true, description = "Guest name")
    @Completion(GuestCompleter.class)
    String name;

    @Option(name = "--delete-data", description = "Also delete the guest's files on the NFS server")
    boolean deleteData;

    /** {@code --delete-data} after the name (Karaf parses options only before the first argument). */
    @Argument(index = 1, name = "options", multiValued = true, description = "--delete-data, also accepted after the name")
    List<String> trailing;

    public void setLifecycle(GuestLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doExecute() throws Exception {
        if (lifecycle == null) {
            throw new IllegalStateException("no guest lifecycle: configure etc/org.attune.guests.cfg");
        }
        if (trailing != null) {
            for (String t : trailing) {
                if (!t.equals("--delete-data")) {
                    throw new IllegalArgumentException("unexpected '" + t + "': the only option is --delete-data");
                }
                deleteData = true;
            }
        }
        lifecycle.destroy(name, deleteData);
        out().printf("Destroyed %s%s%n", name, deleteData ? " and deleted its data" : " (its data is kept)");
    }
}
