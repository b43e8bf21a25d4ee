package org.attune.policy.threshold.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;

import org.attune.policy.threshold.ThresholdSettings;
import org.junit.jupiter.api.Test;

/** The component's reading of its configuration into validated settings. */
class ThresholdPolicyComponentTest {

    @Test
    void theConfigurationAcceptsAListOrOneCommaSeparatedValue() {
        ThresholdSettings s = ThresholdPolicyComponent.settings(config(new String[] {"g1, g2", "g3"}, 0.05));
        assertThat(s.tier().guests()).containsExactlyInAnyOrder("g1", "g2", "g3");
        assertThat(s.tier().home()).isEqualTo("hostA");
        assertThat(ThresholdPolicyComponent.settings(config(new String[0], 0.05)).tier().guests()).isEmpty();
    }

    @Test
    void aComponentStartsWithItsConfigurationAndKeepsItsSettingsWhenANewOneIsBad() {
        ThresholdPolicyComponent component = new ThresholdPolicyComponent(config(new String[] {"g1"}, 0.05));
        assertThat(component.settings().high()).isEqualTo(0.9);
        component.modified(config(new String[] {"g1"}, 0.95));
        assertThat(component.settings().low()).as("low above high is refused; the previous settings stay")
                .isEqualTo(0.05);
        assertThatThrownBy(() -> ThresholdPolicyComponent.settings(config(new String[0], 0.95)))
                .hasMessageContaining("lowThreshold must be >= 0 and below highThreshold");
    }

    private static ThresholdConfiguration config(String[] guests, double low) {
        return new ThresholdConfiguration() {
            @Override public Class<? extends Annotation> annotationType() { return ThresholdConfiguration.class; }
            @Override public double highThreshold() { return 0.9; }
            @Override public double lowThreshold() { return low; }
            @Override public int sustainCycles() { return 3; }
            @Override public double consolidationCeiling() { return 0.5; }
            @Override public String tierName() { return "app"; }
            @Override public String[] tierGuests() { return guests; }
            @Override public String tierHome() { return "hostA"; }
            @Override public double tierRateHigh() { return 25; }
            @Override public double tierRateLow() { return 8; }
            @Override public double tierCpuHigh() { return 0.2; }
            @Override public double tierCpuLow() { return 0.15; }
        };
    }
}
