package org.attune.driver.libvirt.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.attune.api.PowerProfile;
import org.attune.driver.libvirt.HostSettings;

/** Converts a host configuration file into a {@link HostDefinition}: its settings, or every problem at once. */
public final class HostConfigurations {

    private HostConfigurations() {
    }

    /**
     * Converts a configuration. Never throws on bad values: they become the definition's problem.
     *
     * @param source      names the configuration in problems, e.g. {@code host config org.attune.driver.libvirt~hostA}
     * @param factoryName the configuration's name within its factory ({@code hostA}); the default host name
     * @return the settings, or the problems found, all at once, on one line starting with the source
     */
    public static HostDefinition from(String source, String factoryName, LibvirtHostConfiguration config) {
        String name = config.name() == null || config.name().isBlank() ? factoryName : config.name().trim();
        String uri = config.uri() == null ? "" : config.uri().trim();
        List<String> problems = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            problems.add("no host name: set 'name' (1-63 characters of [A-Za-z0-9_-])");
            name = "";
        }
        List<String> powerProblems = new ArrayList<>();
        PowerProfile power = PowerKeys.parse(config, powerProblems);
        HostSettings settings = null;
        try {
            // A stand-in name lets the other values be checked too when there is none.
            settings = new HostSettings(name.isEmpty() ? "x" : name, uri, config.migrationUri(),
                    config.cpuMipsPerCore(), config.maxConcurrentMigrations(), seconds(config.connectTimeoutSeconds()),
                    seconds(config.operationTimeoutSeconds()), seconds(config.shutdownTimeoutSeconds()),
                    seconds(config.reconnectMinSeconds()), seconds(config.reconnectMaxSeconds()),
                    seconds(config.pollIntervalSeconds()), power);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        problems.addAll(powerProblems);
        if (!problems.isEmpty()) {
            return HostDefinition.invalid(source, name, source + ": " + String.join("; ", problems));
        }
        return HostDefinition.valid(source, settings);
    }

    private static Duration seconds(int s) {
        return Duration.ofSeconds(s);
    }
}
