package org.attune.driver.sim.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class TrafficParserTest {

    @Test
    void peersWithRatesAndSuffixes() {
        assertThat(TrafficParser.parse("app2:2M, front:150k,  db:12.5 , big:1G")).containsExactly(entry("app2", 2e6),
                entry("front", 150e3), entry("db", 12.5), entry("big", 1e9));
        assertThat(TrafficParser.parse("")).isEmpty();
        assertThat(TrafficParser.parse(null)).isEmpty();
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> TrafficParser.parse("app2")).hasMessage(
                "traffic entry 'app2' is not <peer>:<bytes per second>, e.g. app2:2M");
        assertThatThrownBy(() -> TrafficParser.parse("app2:-5")).hasMessage(
                "traffic entry 'app2:-5': rate must not be negative");
        assertThatThrownBy(() -> TrafficParser.parse("a:1, a:2")).hasMessage("traffic names peer 'a' twice");
        assertThatThrownBy(() -> TrafficParser.parse("a:1x")).hasMessageContaining("rate '1x' is not a number");
    }
}
