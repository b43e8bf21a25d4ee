package org.attune.driver.libvirt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DomainDetailsTest {

    @Test
    void macOfTheFirstInterfaceIsRead() {
        DomainDetails d = DomainDetails.parse("""
                <domain type='qemu'>
                  <name>g1</name>
                  <devices>
                    <disk type='file' device='disk'><source file='/x'/></disk>
                    <interface type='bridge'><source bridge='br-lab'/><mac address='52:54:00:AB:CD:EF'/></interface>
                    <interface type='network'><mac address='52:54:00:00:00:02'/></interface>
                  </devices>
                </domain>""");
        assertThat(d.mac()).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(d.tier()).isEmpty();
        assertThat(d.labels()).isEmpty();
    }

    @Test
    void noInterfaceMeansNoMac() {
        assertThat(DomainDetails.parse("<domain><name>x</name><devices/></domain>").mac()).isEmpty();
        assertThat(DomainDetails.parse("<domain><name>x</name></domain>")).isEqualTo(DomainDetails.NONE);
    }

    @Test
    void tierAndLabelsComeFromAttuneMetadata() {
        DomainDetails d = DomainDetails.parse("""
                <domain>
                  <metadata>
                    <other:thing xmlns:other="urn:other" tier="wrong"/>
                    <attune:guest xmlns:attune="https://attune.org/xmlns/guest/1.0" tier="app">
                      <attune:label name="role" value="backend"/>
                      <attune:label name="zone" value="a"/>
                      <attune:label value="nameless"/>
                    </attune:guest>
                  </metadata>
                </domain>""");
        assertThat(d.tier()).isEqualTo("app");
        assertThat(d.labels()).isEqualTo(Map.of("role", "backend", "zone", "a"));
    }

    @Test
    void malformedXmlAndDoctypesAreRefused() {
        assertThatThrownBy(() -> DomainDetails.parse("<domain><devices>")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable domain XML");
        assertThatThrownBy(() -> DomainDetails.parse("<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<domain><name>&x;</name></domain>")).isInstanceOf(IllegalArgumentException.class);
    }
}
