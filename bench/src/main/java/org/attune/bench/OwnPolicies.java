package org.attune.bench;

import java.util.List;

import org.attune.api.policy.Policy;
import org.attune.policy.forecast.ForecastPolicy;
import org.attune.policy.forecast.ForecastSettings;

/** Attune's own policies, with their default settings (the same in both modes: they have no CloudSim variant). */
final class OwnPolicies {

    static final List<String> NAMES = List.of(ForecastPolicy.NAME);

    private OwnPolicies() {
    }

    static Policy create(String name, Mode mode) {
        if (name.equals(ForecastPolicy.NAME)) {
            // CloudSim's hosts switch on and off by themselves: the policy leaves power alone there.
            return new ForecastPolicy(settings().withPowerManagement(mode == Mode.REALISTIC));
        }
        throw new IllegalArgumentException("unknown policy " + name);
    }

    /** Defaults, or a tuning run's overrides from system properties forecast.window, forecast.quantile, ... */
    static ForecastSettings settings() {
        ForecastSettings d = ForecastSettings.DEFAULTS;
        return new ForecastSettings(Integer.getInteger("forecast.window", d.window()),
                dbl("forecast.quantile", d.quantile()), dbl("forecast.fill", d.fill()), dbl("forecast.hot", d.hot()),
                dbl("forecast.cold", d.cold()), dbl("forecast.youngMargin", d.youngMargin()),
                Integer.getInteger("forecast.maxEvacuations", d.maxEvacuations()), d.powerManagement());
    }

    private static double dbl(String key, double fallback) {
        String v = System.getProperty(key);
        return v == null ? fallback : Double.parseDouble(v);
    }
}
