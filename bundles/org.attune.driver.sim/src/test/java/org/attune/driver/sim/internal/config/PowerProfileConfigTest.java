package org.attune.driver.sim.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.attune.driver.sim.VirtualClock;
import org.attune.api.Host;
import org.attune.api.PowerProfile;
import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.model.HostSpec;
import org.junit.jupiter.api.Test;

/** A host's power keys become the {@link PowerProfile} the inventory reports; a bad one refuses the host. */
class PowerProfileConfigTest {

    private final SimCluster cluster = new SimCluster(new VirtualClock());

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> p = new HashMap<>(Map.of("name", "h1"));
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static Definition<?> define(String... keyValues) {
        return SimDefinitions.host("host config h1.cfg", "h1", TypedConfig.of(HostConfiguration.class, props(keyValues)));
    }

    private static String problem(String... keyValues) {
        Definition<?> d = define(keyValues);
        assertThat(d.isValid()).as("%s is refused", String.join(" ", keyValues)).isFalse();
        return d.problem();
    }

    @Test
    void everyPowerKeyGoesIntoTheProfileTheInventoryReports() {
        define("idleWatts", "50", "maxWatts", "150", "bootTime", "1m", "bootWatts", "200", "shutdownTime", "500ms",
                "shutdownWatts", "40").applyTo(cluster);

        Host h = cluster.inventory().hosts().get(0);
        assertThat(h.powerProfile()).isEqualTo(PowerProfile.linear(50, 150).withBoot(Duration.ofMinutes(1), 200)
                .withShutdown(Duration.ofMillis(500), 40));
        assertThat(h.powerProfile().known()).isTrue();
        assertThat(h.powerProfile().watts(0.5)).isEqualTo(100);
    }

    @Test
    void bootAndShutdownDrawTheIdleWattsByDefault() {
        Definition<?> linear = define("idleWatts", "60", "maxWatts", "90");
        assertThat(((HostSpec) linear.spec()).powerProfile())
                .isEqualTo(PowerProfile.linear(60, 90).withBoot(Duration.ofSeconds(30), 60)
                        .withShutdown(Duration.ofSeconds(10), 60));

        // With a table the idle watts are its first value; idleWatts/maxWatts are then ignored.
        Definition<?> table = define("powerTable", "86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117",
                "idleWatts", "1", "bootWatts", " ", "shutdownTime", "0s");
        PowerProfile p = ((HostSpec) table.spec()).powerProfile();
        assertThat(p.points()).containsExactly(86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117);
        assertThat(p.bootWatts()).isEqualTo(86);
        assertThat(p.shutdownWatts()).isEqualTo(86);
        assertThat(p.shutdownTime()).isZero();
    }

    @Test
    void badPowerValuesAreRefusedNamingTheFileTheKeyAndTheAllowedRange() {
        assertThat(problem("idleWatts", "-1"))
                .isEqualTo("host config h1.cfg: idleWatts must be a number of watts >= 0, was -1.0");
        assertThat(problem("idleWatts", "100", "maxWatts", "50"))
                .isEqualTo("host config h1.cfg: maxWatts must be a number of watts >= idleWatts (100.0 W), was 50.0");
        assertThat(problem("powerTable", "86, -1"))
                .isEqualTo("host config h1.cfg: powerTable: '-1' is not a number of watts >= 0");
        assertThat(problem("bootWatts", "-5"))
                .isEqualTo("host config h1.cfg: bootWatts must be a number of watts >= 0, was -5.0");
        assertThat(problem("shutdownWatts", "lots"))
                .isEqualTo("host config h1.cfg: shutdownWatts: 'lots' is not a number of watts (leave it empty for "
                        + "the idle watts)");
        assertThat(problem("bootTime", "-3s")).isEqualTo("host config h1.cfg: bootTime: '-3s' is not a non-negative "
                + "duration (use e.g. 250ms, 30s, 5m, 1h)");
        assertThat(problem("shutdownTime", "soon")).isEqualTo("host config h1.cfg: shutdownTime: 'soon' is not a "
                + "duration (use e.g. 250ms, 30s, 5m, 1h)");
        assertThat(problem("maxWatts", "many"))
                .isEqualTo("host config h1.cfg: maxWatts: invalid value ('many' is not a number)");
    }

    @Test
    void aRefusedHostIsListedAsAProblemAndTheRestRuns() {
        define().applyTo(cluster);
        SimDefinitions.host("host config h2.cfg", "h2", TypedConfig.of(HostConfiguration.class,
                Map.of("bootWatts", "-1"))).applyTo(cluster);
        assertThat(cluster.inventory().hosts()).extracting(Host::id).containsExactly("h1");
        assertThat(cluster.status().problems())
                .containsExactly("host config h2.cfg: bootWatts must be a number of watts >= 0, was -1.0");
    }
}
