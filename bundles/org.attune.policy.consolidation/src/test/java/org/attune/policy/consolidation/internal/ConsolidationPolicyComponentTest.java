package org.attune.policy.consolidation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;

import org.attune.policy.consolidation.ConsolidationSettings;
import org.junit.jupiter.api.Test;

/** The component's reading of its factory configuration into validated settings. */
class ConsolidationPolicyComponentTest {

    @Test
    void anInstanceIsNamedAndSetByItsConfiguration() {
        ConsolidationPolicyComponent component = new ConsolidationPolicyComponent(config(" cautious ", 0.8));
        assertThat(component.name()).isEqualTo("cautious");
        assertThat(component.settings()).isEqualTo(new ConsolidationSettings("cautious", 30, 0.1, 0.8, 4));
    }

    @Test
    void aBadConfigurationKeepsTheInstanceAway() {
        assertThatThrownBy(() -> new ConsolidationPolicyComponent(config("bad", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpuCeiling must be in (0, 1]");
    }

    private static ConsolidationConfiguration config(String name, double ceiling) {
        return new ConsolidationConfiguration() {
            @Override public Class<? extends Annotation> annotationType() { return ConsolidationConfiguration.class; }
            @Override public String attune_policy_name() { return name; }
            @Override public int historyCycles() { return 30; }
            @Override public double activeShare() { return 0.1; }
            @Override public double cpuCeiling() { return ceiling; }
            @Override public int maxMigrations() { return 4; }
        };
    }
}
