package org.attune.shell.internal;

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

    public void setLifecycle(GuestLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doExecute() throws Exception {
        if (lifecycle == null) {
            throw new IllegalStateException("no guest lifecycle: configure etc/org.attune.guests.cfg");
        }
        lifecycle.destroy(name, deleteData);
        out().printf("Destroyed %s%s%n", name, deleteData ? " and deleted its data" : " (its data is kept)");
    }
}
