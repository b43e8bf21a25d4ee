package org.attune.provision.nfs.internal;

import org.attune.provision.nfs.NfsSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Typed configuration of the NFS provisioner (factory PID {@code org.attune.provision.nfs}). */
@ObjectClassDefinition(name = "Attune NFS Provisioner (nfs-ganesha)",
        description = "One NFS export per guest, read-write for the guest's address only.")
public @interface NfsConfiguration {

    @AttributeDefinition(name = "Mode", description = "supervised: run an own ganesha (with a private D-Bus); "
            + "external: add and remove exports of a ganesha someone else runs, over its D-Bus.",
            options = {@Option(label = "supervised", value = "supervised"),
                    @Option(label = "external", value = "external")})
    String mode() default "supervised";

    @AttributeDefinition(name = "Base path", description = "Guests' export directories are <basePath>/<guest>.")
    String basePath() default "/srv/attune/guests";

    @AttributeDefinition(name = "Template", description = "Directory copied into a new guest's export directory "
            + "(a prepared file system or a data skeleton); empty for an empty directory.")
    String templateDir() default "";

    @AttributeDefinition(name = "Pseudo root", description = "NFSv4 path under which guests' exports appear: "
            + "<pseudoRoot>/<guest>.")
    String pseudoRoot() default NfsSettings.DEFAULT_PSEUDO_ROOT;

    @AttributeDefinition(name = "Server address", description = "Address guests mount from (handed to the "
            + "driver as attune.nfs.server); supervised: ganesha listens on it only.")
    String serverAddress();

    @AttributeDefinition(name = "Network namespace", description = "Name under /run/netns to run the supervised "
            + "ganesha in; empty for the current one.")
    String netns() default "";

    @AttributeDefinition(name = "State directory", description = "Supervised: ganesha.conf, per-guest export "
            + "files, private D-Bus socket, recovery, logs. External: where the per-guest export files are "
            + "written (include them from the ganesha configuration to keep them across its restarts).")
    String stateDir() default "/var/lib/attune/nfs";

    @AttributeDefinition(name = "D-Bus address", description = "External mode: the bus ganesha listens on "
            + "(DBUS_SYSTEM_BUS_ADDRESS); empty for the system bus.")
    String dbusAddress() default "";

    @AttributeDefinition(name = "First export id", description = "Export_Id of the first guest; ids are unique "
            + "per ganesha, keep this range free of other exports.")
    int exportIdBase() default NfsSettings.DEFAULT_EXPORT_ID_BASE;

    @AttributeDefinition(name = "ganesha.nfsd", description = "The ganesha binary.")
    String ganeshaBinary() default NfsSettings.DEFAULT_GANESHA_BINARY;

    @AttributeDefinition(name = "Provisioner order", description = "Runs after DHCP (10): needs the address.")
    int attune_provisioner_order() default 20;
}
