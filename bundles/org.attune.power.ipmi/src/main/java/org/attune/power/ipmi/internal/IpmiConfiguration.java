package org.attune.power.ipmi.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One host's BMC (factory PID {@code org.attune.power.ipmi}, file {@code etc/org.attune.power.ipmi-<host>.cfg}). */
@ObjectClassDefinition(name = "Attune IPMI power controller",
        description = "Switches one host on and off through its BMC with ipmitool (IPMI v2 lanplus).")
public @interface IpmiConfiguration {

    @AttributeDefinition(name = "Host id", description = "The Attune host id this BMC switches (as attune:host-list shows it).")
    String hostId() default "";

    @AttributeDefinition(name = "BMC address", description = "Host name or IP address of the BMC.")
    String address() default "";

    @AttributeDefinition(name = "BMC port", description = "UDP port of the BMC's RMCP+ service.")
    int port() default 623;

    @AttributeDefinition(name = "User name", description = "BMC user with operator or admin privilege.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "BMC password; handed to ipmitool through its environment (-E), never on a command line or in a log. "
                    + "Prefer passwordFile: Karaf's config:list shows configuration values.")
    String password() default "";

    @AttributeDefinition(name = "Password file", required = false,
            description = "Absolute path of a file (mode 600) whose first line is the BMC password, read at each call "
                    + "(so it can be rotated). Use either password or passwordFile.")
    String passwordFile() default "";

    @AttributeDefinition(name = "Cipher suite", description = "RMCP+ cipher suite (-C); 3 avoids ipmitool's slow probing.")
    int cipherSuite() default 3;

    @AttributeDefinition(name = "Soft off", description = "Power off with an ACPI soft shutdown (chassis power soft) instead of a hard off.")
    boolean softOff() default false;

    @AttributeDefinition(name = "Timeout (s)", description = "Longest an ipmitool call may take before it is killed.")
    int timeoutSeconds() default 10;

    @AttributeDefinition(name = "ipmitool", description = "The ipmitool executable (a path or a name on PATH).")
    String ipmitool() default "ipmitool";
}
