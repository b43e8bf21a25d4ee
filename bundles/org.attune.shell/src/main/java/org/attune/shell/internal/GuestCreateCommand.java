package org.attune.shell.internal;

import java.util.List;
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

    @Option(name = "--host", description = "Host to create it on (required)")
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

    /**
     * Karaf stops parsing options at the first argument, and the documented form is
     * {@code guest-create NAME --host H ...}: options after the name arrive here and are parsed by hand.
     */
    @Argument(index = 1, name = "options", multiValued = true, description = "--host H [--memory MiB] [--vcpus N] "
            + "[--tier T] [--mac MAC] [--ip A.B.C.D], also accepted after the name")
    List<String> trailing;

    public void setLifecycle(GuestLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    private void parseTrailing() {
        if (trailing == null) {
            return;
        }
        for (int i = 0; i < trailing.size(); i++) {
            String key = trailing.get(i);
            if (i + 1 >= trailing.size()) {
                throw new IllegalArgumentException("unexpected '" + key + "': options are --host, --memory, --vcpus, "
                        + "--tier, --mac, --ip, each with a value");
            }
            String value = trailing.get(++i);
            switch (key) {
                case "--host" -> host = value;
                case "--memory" -> memory = number(key, value);
                case "--vcpus" -> vcpus = (int) number(key, value);
                case "--tier" -> tier = value;
                case "--mac" -> mac = value;
                case "--ip" -> ip = value;
                default -> throw new IllegalArgumentException("unknown option '" + key + "': options are --host, "
                        + "--memory, --vcpus, --tier, --mac, --ip");
            }
        }
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " needs a number, was '" + value + "'");
        }
    }

    @Override
    protected void doExecute() throws Exception {
        if (lifecycle == null) {
            throw new IllegalStateException("no guest lifecycle: configure etc/org.attune.guests.cfg (kernel, "
                    + "network) and install attune-provision-dhcp / attune-provision-nfs");
        }
        parseTrailing();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host is required: the host to create " + name + " on");
        }
        Guest g = lifecycle.create(new GuestRequest(name, host, vcpus, memory, mac, ip, tier, Map.of()));
        out().printf("Created %s on %s: id %s, MAC %s, address %s%s%n", g.name(), host, g.id(), g.mac(),
                g.labels().getOrDefault(Provisioner.LABEL_ADDRESS, "-"),
                g.labels().containsKey(Provisioner.LABEL_NFS_PATH) ? ", files " + g.labels().get(
                        Provisioner.LABEL_NFS_SERVER) + ":" + g.labels().get(Provisioner.LABEL_NFS_PATH) : "");
    }
}
