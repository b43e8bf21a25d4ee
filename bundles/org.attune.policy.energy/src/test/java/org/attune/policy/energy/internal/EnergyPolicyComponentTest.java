package org.attune.policy.energy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;

/** The component's reading of its factory configuration into validated settings. */
class EnergyPolicyComponentTest {

    @Test
    void anInstanceIsNamedAndSetByItsConfiguration() {
        EnergyPolicyComponent component = new EnergyPolicyComponent(config("energy-two", 2));
        assertThat(component.name()).isEqualTo("energy-two");
        assertThat(component.settings().minHostsOn()).isEqualTo(2);
        assertThat(component.settings().targetUtilization()).isEqualTo(0.7);
    }

    @Test
    void aBadConfigurationKeepsTheInstanceAway() {
        assertThatThrownBy(() -> new EnergyPolicyComponent(config("bad", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minHostsOn must be >= 1, was 0");
    }

    private static EnergyConfiguration config(String name, int minHostsOn) {
        return new EnergyConfiguration() {
            @Override public Class<? extends Annotation> annotationType() { return EnergyConfiguration.class; }
            @Override public String attune_policy_name() { return name; }
            @Override public int historyCycles() { return 6; }
            @Override public double targetUtilization() { return 0.7; }
            @Override public double powerOnThreshold() { return 0.85; }
            @Override public double powerOffThreshold() { return 0.6; }
            @Override public int minHostsOn() { return minHostsOn; }
            @Override public int maxMigrations() { return 4; }
        };
    }
}
