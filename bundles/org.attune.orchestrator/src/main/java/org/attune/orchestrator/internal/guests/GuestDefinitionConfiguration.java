package org.attune.orchestrator.internal.guests;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** A guest declared in etc/ (factory PID {@code org.attune.guest}). */
@ObjectClassDefinition(name = "Attune Guest", description = "A guest Attune creates when this configuration "
        + "appears and destroys (keeping its data) when it is deleted.")
public @interface GuestDefinitionConfiguration {

    @AttributeDefinition(name = "Name", description = "Guest name ([A-Za-z0-9_-], 1-63).")
    String name();

    @AttributeDefinition(name = "Host", description = "Host preference: where the guest is created.")
    String host();

    @AttributeDefinition(name = "MAC", description = "MAC address; empty to derive one from the name.")
    String mac() default "";

    @AttributeDefinition(name = "Address", description = "IPv4 address to reserve; empty for the pool's first free.")
    String address() default "";

    @AttributeDefinition(name = "Tier", description = "Application tier.")
    String tier() default "";

    @AttributeDefinition(name = "Memory", description = "MiB.")
    long memory() default 128;

    @AttributeDefinition(name = "vCPUs")
    int vcpus() default 1;
}
