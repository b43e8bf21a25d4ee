package org.attune.driver.libvirt.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.attune.api.PowerProfile;
import org.attune.driver.libvirt.HostSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    // ------------------------------------------------------------------------------ power profile

    private static HostDefinition withPower(Map<String, String> power) {
        Map<String, Object> props = new HashMap<>(power);
        props.put("uri", "test:///default");
        return convert("hostA", props);
    }

    @Test
    void withoutPowerKeysTheProfileIsUnknown() {
        HostDefinition d = withPower(Map.of());
        assertThat(d.settings().powerProfile()).isSameAs(PowerProfile.UNKNOWN);
        assertThat(HostSettings.of("h", "test:///default").powerProfile()).isSameAs(PowerProfile.UNKNOWN);
        assertThat(HostSettings.of("h", "test:///default").withPowerProfile(null).powerProfile())
                .isSameAs(PowerProfile.UNKNOWN);
    }

    @Test
    void idleAndMaxWattsAreALinearCurveAndTransitionsDrawIdlePowerUnlessTold() {
        HostSettings s = withPower(Map.of("idleWatts", "70", "maxWatts", " 140.5 ", "bootTime", "120",
                "shutdownTime", "15", "shutdownWatts", "90")).settings();
        PowerProfile p = s.powerProfile();
        assertThat(p.known()).isTrue();
        assertThat(p.points()).containsExactly(70, 140.5);
        assertThat(p.watts(0.5)).isEqualTo(105.25);
        assertThat(p.bootTime()).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.bootWatts()).isEqualTo(70);
        assertThat(p.shutdownTime()).isEqualTo(Duration.ofSeconds(15));
        assertThat(p.shutdownWatts()).isEqualTo(90);
        assertThat(p).isEqualTo(PowerProfile.linear(70, 140.5).withBoot(Duration.ofSeconds(120), 70)
                .withShutdown(Duration.ofSeconds(15), 90));
    }

    @Test
    void aPowerTableIsParsedAsTheApiParsesIt() {
        String table = "86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117";
        PowerProfile p = withPower(Map.of("powerTable", table, "bootTime", "300", "bootWatts", "95")).settings()
                .powerProfile();
        assertThat(p).isEqualTo(PowerProfile.parseTable(table).withBoot(Duration.ofSeconds(300), 95)
                .withShutdown(Duration.ZERO, 86));
        assertThat(p.watts(0.05)).isCloseTo(87.7, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "idleWatts=abc,maxWatts=100 | idleWatts must be watts from 0 to 100000, was 'abc'",
            "idleWatts=-1,maxWatts=100 | idleWatts must be watts from 0 to 100000, was '-1'",
            "idleWatts=70,maxWatts=NaN | maxWatts must be watts from 0 to 100000, was 'NaN'",
            "idleWatts=70,maxWatts=Infinity | maxWatts must be watts from 0 to 100000, was 'Infinity'",
            "idleWatts=70,maxWatts=1e9 | maxWatts must be watts from 0 to 100000, was '1e9'",
            "idleWatts=70 | idleWatts and maxWatts go together: set both (watts at 0 and 100 % CPU, 0-100000), or powerTable",
            "maxWatts=140 | idleWatts and maxWatts go together",
            "idleWatts=150,maxWatts=140 | maxWatts (140) must not be below idleWatts (150)",
            "powerTable=1;2;3 | powerTable needs 11 comma-separated watts (at 0, 10, ..., 100 % CPU, each 0-100000), had 3",
            "powerTable=1;2;3;4;5;6;7;8;9;10;x | powerTable value 'x' must be watts from 0 to 100000",
            "powerTable=1;2;3;4;5;6;7;8;9;10;11;12 | powerTable needs 11 comma-separated watts",
            "powerTable=1;2;3;4;5;6;7;8;9;10; | powerTable value '' must be watts from 0 to 100000",
            "powerTable=1;2;3;4;5;6;7;8;9;10;11,idleWatts=1,maxWatts=11 | set either powerTable or idleWatts/maxWatts, not both",
            "idleWatts=70,maxWatts=140,bootTime=30s | bootTime must be whole seconds from 0 to 3600, was '30s'",
            "idleWatts=70,maxWatts=140,bootTime=3601 | bootTime must be whole seconds from 0 to 3600, was '3601'",
            "idleWatts=70,maxWatts=140,shutdownTime=-5 | shutdownTime must be whole seconds from 0 to 3600, was '-5'",
            "idleWatts=70,maxWatts=140,bootWatts=lots | bootWatts must be watts from 0 to 100000, was 'lots'",
            "idleWatts=70,maxWatts=140,shutdownWatts=100001 | shutdownWatts must be watts from 0 to 100000, was '100001'",
            "bootTime=60 | bootTime, bootWatts, shutdownTime and shutdownWatts need a power curve: set idleWatts and maxWatts, or powerTable",
            "shutdownWatts=60 | need a power curve"})
    void badPowerValuesAreRefusedOnOneLineNamingTheFileTheKeyAndTheRange(String keys, String message) {
        Map<String, String> power = new HashMap<>();
        for (String kv : keys.split(",")) {
            int eq = kv.indexOf('=');
            power.put(kv.substring(0, eq), kv.substring(eq + 1).replace(';', ','));
        }
        HostDefinition d = withPower(power);
        assertThat(d.isValid()).as(keys).isFalse();
        assertThat(d.problem()).startsWith(SOURCE + ": ").contains(message).doesNotContain("\n");
    }

    @Test
    void powerProblemsComeWithTheOtherProblemsAtOnce() {
        HostDefinition d = convert("h", Map.of("uri", "test:///default", "pollIntervalSeconds", "0",
                "idleWatts", "x", "maxWatts", "10", "bootTime", "1h"));
        assertThat(d.problem()).isEqualTo(SOURCE + ": pollIntervalSeconds must be at least 1, was 0; "
                + "idleWatts must be watts from 0 to 100000, was 'x'; "
                + "bootTime must be whole seconds from 0 to 3600, was '1h'");
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        HostDefinition d = withPower(Map.of("idleWatts", "0", "maxWatts", "100000", "bootTime", "3600",
                "bootWatts", "0", "shutdownTime", "0", "shutdownWatts", "100000"));
        assertThat(d.isValid()).as(String.valueOf(d.problem())).isTrue();
        assertThat(d.settings().powerProfile().bootTime()).isEqualTo(Duration.ofHours(1));
    }
}
