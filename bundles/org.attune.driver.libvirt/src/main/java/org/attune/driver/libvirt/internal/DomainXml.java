package org.attune.driver.libvirt.internal;

import org.attune.api.driver.GuestSpec;

/**
 * The libvirt domain XML for a {@link GuestSpec}: TCG ({@code type='qemu'}, the lab machines have no usable KVM),
 * direct kernel boot (kernel + initrd + command line), one virtio NIC on a bridge with the reserved MAC, serial
 * console to a file. No disk: the guest's files are on NFS, so a migration moves memory only.
 */
final class DomainXml {

    private DomainXml() {
    }

    static String of(GuestSpec spec) {
        StringBuilder b = new StringBuilder();
        b.append("<domain type='qemu'>\n")
                .append("  <name>").append(escape(spec.name())).append("</name>\n")
                .append("  <memory unit='MiB'>").append(spec.memoryMiB()).append("</memory>\n")
                .append("  <vcpu>").append(spec.vcpus()).append("</vcpu>\n");
        if (!spec.tier().isEmpty()) {
            b.append("  <description>attune tier ").append(escape(spec.tier())).append("</description>\n");
        }
        b.append("  <os>\n")
                .append("    <type arch='x86_64' machine='pc'>hvm</type>\n")
                .append("    <kernel>").append(escape(spec.kernel())).append("</kernel>\n");
        if (!spec.initrd().isEmpty()) {
            b.append("    <initrd>").append(escape(spec.initrd())).append("</initrd>\n");
        }
        b.append("    <cmdline>").append(escape(spec.cmdline())).append("</cmdline>\n")
                .append("  </os>\n")
                .append("  <features><acpi/></features>\n")
                .append("  <clock offset='utc'/>\n")
                .append("  <on_poweroff>destroy</on_poweroff>\n")
                .append("  <on_reboot>restart</on_reboot>\n")
                .append("  <on_crash>destroy</on_crash>\n")
                .append("  <devices>\n");
        if (!spec.network().isEmpty()) {
            b.append("    <interface type='bridge'>\n")
                    .append("      <source bridge='").append(escape(spec.network())).append("'/>\n")
                    .append("      <mac address='").append(escape(spec.mac())).append("'/>\n")
                    .append("      <model type='virtio'/>\n")
                    .append("    </interface>\n");
        }
        if (!spec.consoleLog().isEmpty()) {
            b.append("    <serial type='file'>\n")
                    .append("      <source path='").append(escape(spec.consoleLog())).append("' append='on'/>\n")
                    .append("      <target port='0'/>\n")
                    .append("    </serial>\n");
        }
        b.append("    <controller type='usb' model='none'/>\n")
                .append("    <memballoon model='none'/>\n")
                .append("  </devices>\n")
                .append("</domain>\n");
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\'' -> b.append("&apos;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
