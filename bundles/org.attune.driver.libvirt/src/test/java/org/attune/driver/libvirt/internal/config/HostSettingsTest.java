package org.attune.driver.libvirt.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.attune.driver.libvirt.HostSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostSettingsTest {

    private static final String SOURCE = "host config org.attune.driver.libvirt~hostA";

    private static HostDefinition convert(String factoryName, Map<String, ?> props) {
        return HostConfigurations.from(SOURCE, factoryName, Configs.host(props));
    }

    @Test
    void fullConfigurationIsConverted() {
        Map<String, Object> props = new HashMap<>();
        props.put("name", "hostA");
        props.put("uri", "qemu+unix:///system?socket=/run/attune-lab/hostA/libvirt-sock");
        props.put("migrationUri", "tcp://10.99.0.2");
        props.put("cpuMipsPerCore", "1000");
        props.put("maxConcurrentMigrations", "3");
        props.put("connectTimeoutSeconds", "4");
        props.put("operationTimeoutSeconds", "20");
        props.put("shutdownTimeoutSeconds", "15");
        props.put("reconnectMinSeconds", "2");
        props.put("reconnectMaxSeconds", "30");
        props.put("pollIntervalSeconds", "5");
        HostDefinition d = convert("ignored", props);
        assertThat(d.isValid()).as(String.valueOf(d.problem())).isTrue();
        HostSettings s = d.settings();
        assertThat(s.name()).isEqualTo("hostA");
        assertThat(d.name()).isEqualTo("hostA");
        assertThat(s.uri()).isEqualTo("qemu+unix:///system?socket=/run/attune-lab/hostA/libvirt-sock");
        assertThat(s.migrationUri()).isEqualTo("tcp://10.99.0.2");
        assertThat(s.cpuMipsPerCore()).isEqualTo(1000);
        assertThat(s.maxConcurrentMigrations()).isEqualTo(3);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.operationTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.reconnectMin()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void defaultsApplyAndTheNameComesFromTheFile() {
        HostDefinition d = convert("hostB", Map.of("uri", "test:///default"));
        assertThat(d.isValid()).isTrue();
        HostSettings s = d.settings();
        assertThat(s.name()).isEqualTo("hostB");
        assertThat(s.migrationUri()).isNull();
        assertThat(s.cpuMipsPerCore()).isZero();
        assertThat(s).isEqualTo(HostSettings.of("hostB", "test:///default"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;rm -rf /", "$(reboot)", "`id`", "host a", "host|b", "../etc", "h\nx", "hôte",
            "a.b", "x&y", "0123456789012345678901234567890123456789012345678901234567890123"})
    void unsafeHostNamesAreRefusedWithAClearMessage(String name) {
        HostDefinition d = convert("hostA", Map.of("name", name, "uri", "test:///default"));
        assertThat(d.isValid()).isFalse();
        assertThat(d.settings()).isNull();
        assertThat(d.problem()).startsWith(SOURCE + ": ").contains("invalid host name")
                .contains("1-63 characters of [A-Za-z0-9_-]").doesNotContain("\n");
    }

    @Test
    void unsafeFactoryNameIsRefusedToo() {
        HostDefinition d = convert("bad;name", Map.of("uri", "test:///default"));
        assertThat(d.isValid()).isFalse();
        assertThat(d.problem()).contains("invalid host name 'bad;name'");
    }

    @Test
    void safeNamesOfEveryAllowedCharacterAreAccepted() {
        String longest = "a".repeat(63);
        for (String name : new String[] {"h", "host_1", "HOST-2", longest}) {
            assertThat(convert("x", Map.of("name", name, "uri", "test:///default")).isValid()).as(name).isTrue();
        }
    }

    @Test
    void missingNameAndUriAreBothReported() {
        HostDefinition d = convert("", Map.of());
        assertThat(d.isValid()).isFalse();
        assertThat(d.problem()).contains("no host name").contains("no libvirt URI");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu:///system", "qemu+unix:///system?socket=/run/x/libvirt-sock",
            "qemu+tcp://10.99.0.2/system", "qemu+ssh://root@host.example/system?keyfile=/root/.ssh/id", "test:///default",
            "test:///tmp/node.xml"})
    void everyKindOfLibvirtUriIsAccepted(String uri) {
        assertThat(convert("h", Map.of("uri", uri)).isValid()).as(uri).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu:///system now", "qemu:///sys\ntem", "/run/libvirt/sock", "::nonsense"})
    void badUrisAreRefused(String uri) {
        HostDefinition d = convert("h", Map.of("uri", uri));
        assertThat(d.isValid()).as(uri).isFalse();
        assertThat(d.problem()).contains("uri");
    }

    @Test
    void badMigrationUriIsRefused() {
        HostDefinition d = convert("h", Map.of("uri", "test:///default", "migrationUri", "10.99.0.2"));
        assertThat(d.problem()).contains("migrationUri '10.99.0.2' has no scheme");
    }

    @Test
    void numbersOutOfRangeAreRefusedTogether() {
        Map<String, Object> props = new HashMap<>();
        props.put("uri", "test:///default");
        props.put("cpuMipsPerCore", "-5");
        props.put("maxConcurrentMigrations", "0");
        props.put("connectTimeoutSeconds", "0");
        props.put("pollIntervalSeconds", "-1");
        props.put("reconnectMinSeconds", "10");
        props.put("reconnectMaxSeconds", "5");
        HostDefinition d = convert("h", props);
        assertThat(d.problem()).contains("cpuMipsPerCore").contains("maxConcurrentMigrations")
                .contains("connectTimeoutSeconds").contains("pollIntervalSeconds")
                .contains("reconnectMaxSeconds (5) must not be below reconnectMinSeconds (10)");
    }

    @Test
    void constructorRefusesWhatConversionRefuses() {
        assertThatThrownBy(() -> HostSettings.of("a b", "test:///default"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid host name");
        assertThatThrownBy(() -> HostSettings.of("a", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSettings.of("a", "test:///default").withReconnect(Duration.ofSeconds(5),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void definitionHasEitherSettingsOrAProblem() {
        assertThatThrownBy(() -> new HostDefinition("s", "n", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostDefinition("s", "h", HostSettings.of("h", "test:///default"), "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
