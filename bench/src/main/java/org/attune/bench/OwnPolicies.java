package org.attune.bench;

import java.util.List;

import org.attune.api.policy.Policy;
import org.attune.policy.forecast.ForecastPolicy;
import org.attune.policy.forecast.ForecastSettings;

/** Attune's own policies, with their default settings. */
final class OwnPolicies {

    static final List<String> NAMES = List.of(ForecastPolicy.NAME);

    private OwnPolicies() {
    }

    /**
     * @param mode in CloudSim's model hosts switch on and off by themselves, so the policy leaves power alone there
     */
    static Policy create(String name, Mode mode) {
        if (name.equals(ForecastPolicy.NAME)) {
            return new ForecastPolicy(settings().withPowerManagement(mode == Mode.REALISTIC));
        }
        throw new IllegalArgumentException("unknown policy " + name);
    }

    /** The forecast policy's shipped defaults. */
    static ForecastSettings settings() {
        return ForecastSettings.DEFAULTS;
    }
}
