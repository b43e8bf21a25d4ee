package org.attune.shell.internal;

import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.attune.api.Guest;
import org.attune.api.orchestrator.GuestLifecycle;
import org.attune.api.orchestrator.GuestRequest;
import org.attune.api.provision.Provisioner;

/** Provisions (DHCP reservation, NFS export), defines and starts a guest. */
@Service
@Command(scope = "attune", name = "guest-create", description = "Creates a guest: reserves its address, exports its "
        + "files, then defines and starts it on the host (rolled back if any step fails).")
public class GuestCreateCommand extends AttuneCommandSupport {

    @Reference(optional = true)
    GuestLifecycle lifecycle;

    @Argument(index = 0, name = "name", required = true, description = "Guest name ([A-Za-z0-9_-], 1-63)")
    String name;

    @Option(name = "--host", required = true, description = "Host to create it on")
    @Completion(HostCompleter.class)
    String host;

    @Option(name = "--memory", description = "Memory in MiB (default 128)")
    long memory = 128;

    @Option(name = "--vcpus", description = "Virtual CPUs (default 1)")
    int vcpus = 1;

    @Option(name = "--tier", description = "Application tier")
    String tier = "";

    @Option(name = "--mac", description = "MAC address (default: derived from the name)")
    String mac = "";

    @Option(name = "--ip", description = "Address to reserve (default: the DHCP pool's first free one)")
    String ip = "";

    public void setLifecycle(GuestLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doExecute() throws Exception {
        if (lifecycle == null) {
            throw new IllegalStateException("no guest lifecycle: configure etc/org.attune.guests.cfg (kernel, "
                    + "network) and install attune-provision-dhcp / attune-provision-nfs");
        }
        Guest g = lifecycle.create(new GuestRequest(name, host, vcpus, memory, mac, ip, tier, Map.of()));
        out().printf("Created %s on %s: id %s, MAC %s, address %s%s%n", g.name(), host, g.id(), g.mac(),
                g.labels().getOrDefault(Provisioner.LABEL_ADDRESS, "-"),
                g.labels().containsKey(Provisioner.LABEL_NFS_PATH) ? ", files " + g.labels().get(
                        Provisioner.LABEL_NFS_SERVER) + ":" + g.labels().get(Provisioner.LABEL_NFS_PATH) : "");
    }
}
