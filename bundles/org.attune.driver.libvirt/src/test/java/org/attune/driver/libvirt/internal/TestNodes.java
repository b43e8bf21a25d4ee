package org.attune.driver.libvirt.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.attune.driver.libvirt.HostSettings;
import org.attune.driver.libvirt.internal.config.HostDefinition;

/**
 * Test helper: nodes for libvirt's test driver. {@code test:///default} is one shared node per process (16 cpus at
 * 1400 MHz, 3 GiB, a running domain "test"); {@code test:///<file>} opens a private node described by the file.
 */
final class TestNodes {

    static final String DEFAULT_URI = "test:///default";
    static final String DEFAULT_GUEST_UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f";

    private TestNodes() {
    }

    /** Writes a node file and returns its URI. */
    static String node(Path dir, String name, int cpus, int mhz, long memoryMiB, String... domains) {
        StringBuilder xml = new StringBuilder("<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n")
                .append("  <cpu><nodes>1</nodes><sockets>1</sockets><cores>").append(cpus)
                .append("</cores><threads>1</threads><active>").append(cpus).append("</active><mhz>").append(mhz)
                .append("</mhz><model>x86_64</model></cpu>\n")
                .append("  <memory>").append(memoryMiB * 1024).append("</memory>\n");
        for (String d : domains) {
            xml.append(d).append('\n');
        }
        xml.append("</node>\n");
        Path file = dir.resolve(name + ".xml");
        try {
            Files.writeString(file, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "test://" + file.toAbsolutePath();
    }

    /** A domain for a node file; {@code running=false} defines it shut off. */
    static String domain(String name, String uuid, int vcpus, int memoryMiB, String mac, boolean running) {
        return "  <domain type='test'>\n"
                + "    <name>" + name + "</name>\n"
                + "    <uuid>" + uuid + "</uuid>\n"
                + "    <memory unit='MiB'>" + memoryMiB + "</memory>\n"
                + "    <vcpu>" + vcpus + "</vcpu>\n"
                + "    <os><type>hvm</type></os>\n"
                + (mac == null ? "" : "    <devices><interface type='network'><mac address='" + mac
                        + "'/><source network='default'/></interface></devices>\n")
                + (running ? "" : "    <test:runstate>5</test:runstate>\n")
                + "  </domain>";
    }

    /** A valid definition polling every second and retrying every 200 ms to 1 s. */
    static HostDefinition host(String name, String uri) {
        return HostDefinition.valid("host config test~" + name, fast(HostSettings.of(name, uri)));
    }

    static HostSettings fast(HostSettings s) {
        return s.withPollInterval(Duration.ofSeconds(1)).withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }
}
