package org.attune.policy.locality.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;

import org.attune.policy.locality.LocalitySettings;
import org.junit.jupiter.api.Test;

/** The component's reading of its factory configuration into validated settings. */
class LocalityPolicyComponentTest {

    @Test
    void anInstanceIsNamedAndSetByItsConfiguration() {
        LocalityPolicyComponent component = new LocalityPolicyComponent(config("locality-eager", 0.9));
        assertThat(component.name()).isEqualTo("locality-eager");
        assertThat(component.settings()).isEqualTo(new LocalitySettings("locality-eager", 3, 0.9, 1024, 4));
    }

    @Test
    void aBadConfigurationKeepsTheInstanceAway() {
        assertThatThrownBy(() -> new LocalityPolicyComponent(config("bad", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpuCeiling must be in (0, 1]");
    }

    private static LocalityConfiguration config(String name, double ceiling) {
        return new LocalityConfiguration() {
            @Override public Class<? extends Annotation> annotationType() { return LocalityConfiguration.class; }
            @Override public String attune_policy_name() { return name; }
            @Override public int historyCycles() { return 3; }
            @Override public double cpuCeiling() { return ceiling; }
            @Override public double minGainBytesPerSecond() { return 1024; }
            @Override public int maxMigrations() { return 4; }
        };
    }
}
