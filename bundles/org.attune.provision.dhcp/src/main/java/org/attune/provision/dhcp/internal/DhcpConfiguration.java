package org.attune.provision.dhcp.internal;

import org.attune.provision.dhcp.DhcpSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Typed configuration of the DHCP provisioner (factory PID {@code org.attune.provision.dhcp}). */
@ObjectClassDefinition(name = "Attune DHCP Provisioner (dnsmasq)",
        description = "One DHCP reservation per guest in a dnsmasq hosts file.")
public @interface DhcpConfiguration {

    @AttributeDefinition(name = "Mode", description = "supervised: start and watch an own dnsmasq; external: "
            + "only write the hosts file of a dnsmasq someone else runs and SIGHUP it (pidFile).",
            options = {@org.osgi.service.metatype.annotations.Option(label = "supervised", value = "supervised"),
                    @org.osgi.service.metatype.annotations.Option(label = "external", value = "external")})
    String mode() default "supervised";

    @AttributeDefinition(name = "Pool start", description = "First address guests may be given (IPv4).")
    String poolStart();

    @AttributeDefinition(name = "Pool end", description = "Last address guests may be given (IPv4).")
    String poolEnd();

    @AttributeDefinition(name = "Netmask", description = "Netmask handed out with the leases (supervised).")
    String netmask() default DhcpSettings.DEFAULT_NETMASK;

    @AttributeDefinition(name = "Lease time", description = "dnsmasq lease time, e.g. 1h (supervised).")
    String leaseTime() default DhcpSettings.DEFAULT_LEASE_TIME;

    @AttributeDefinition(name = "Interface", description = "Interface dnsmasq serves DHCP on (supervised); it "
            + "must carry an address in the pool's subnet.")
    String interfaceName() default "";

    @AttributeDefinition(name = "Network namespace", description = "Name under /run/netns to run dnsmasq in "
            + "(supervised), empty for the current one.")
    String netns() default "";

    @AttributeDefinition(name = "State directory", description = "Where the supervised dnsmasq keeps its hosts, "
            + "lease, pid and log files.")
    String stateDir() default "/var/lib/attune/dhcp";

    @AttributeDefinition(name = "Hosts file", description = "dnsmasq --dhcp-hostsfile; empty for "
            + "<stateDir>/dhcp-hosts. Lines this bundle did not write are kept as they are.")
    String hostsFile() default "";

    @AttributeDefinition(name = "Pid file", description = "dnsmasq's pid file, signalled with SIGHUP after "
            + "every change; empty for <stateDir>/dnsmasq.pid. Required in external mode.")
    String pidFile() default "";

    @AttributeDefinition(name = "dnsmasq", description = "The dnsmasq binary.")
    String dnsmasqBinary() default DhcpSettings.DEFAULT_DNSMASQ_BINARY;

    @AttributeDefinition(name = "Provisioner order", description = "Provisioners run in ascending order on "
            + "create; DHCP runs first because the NFS export needs the address.")
    int attune_provisioner_order() default 10;
}
