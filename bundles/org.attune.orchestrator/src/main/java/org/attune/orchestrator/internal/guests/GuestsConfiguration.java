package org.attune.orchestrator.internal.guests;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How guests created by Attune boot (PID {@code org.attune.guests}). */
@ObjectClassDefinition(name = "Attune Guest Lifecycle",
        description = "Boot settings of the guests attune:guest-create makes (direct kernel boot, NFS root/data).")
public @interface GuestsConfiguration {

    @AttributeDefinition(name = "Kernel", description = "Kernel image path on the hosts.")
    String kernel();

    @AttributeDefinition(name = "Initrd", description = "Initial RAM disk path on the hosts; empty for none.")
    String initrd() default "";

    @AttributeDefinition(name = "Command line", description = "Base kernel command line; Attune appends "
            + "attune.ip=dhcp attune.hostname=NAME attune.nfs=SERVER:PATH.")
    String cmdline() default "console=ttyS0 quiet panic=-1";

    @AttributeDefinition(name = "Network", description = "Bridge the guests' NIC joins on every host.")
    String network();

    @AttributeDefinition(name = "Console directory", description = "Serial console logs go to <dir>/<guest>"
            + ".console.log; empty for no console log.")
    String consoleDir() default "";
}
