package org.attune.power.wol.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One host's Wake-on-LAN target (factory PID {@code org.attune.power.wol}, file {@code etc/org.attune.power.wol-<host>.cfg}). */
@ObjectClassDefinition(name = "Attune Wake-on-LAN power controller",
        description = "Powers one host on with a Wake-on-LAN magic packet (it cannot power hosts off).")
public @interface WolConfiguration {

    @AttributeDefinition(name = "Host id", description = "The Attune host id this packet wakes (as attune:host-list shows it).")
    String hostId() default "";

    @AttributeDefinition(name = "MAC", description = "MAC address of the host's wake-enabled interface, e.g. 52:54:00:12:34:56.")
    String mac() default "";

    @AttributeDefinition(name = "Address",
            description = "Where the UDP packet goes: the subnet's broadcast address (e.g. 10.99.0.255) or a unicast IP literal.")
    String address() default "255.255.255.255";

    @AttributeDefinition(name = "Port", description = "UDP port; 9 (discard) or 7 by convention.")
    int port() default 9;

    @AttributeDefinition(name = "Repeat", description = "How many copies to send (UDP may drop one).")
    int repeat() default 3;
}
