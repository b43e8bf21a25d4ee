package org.attune.driver.libvirt.internal.config;

import java.util.Objects;

import org.attune.driver.libvirt.HostSettings;

/**
 * A host definition converted from one configuration: its settings, or the problem that makes it invalid.
 *
 * @param source   which configuration it comes from, as shown in problems
 * @param name     the host name it asks for (may be invalid, or "" when it has none)
 * @param settings the settings; null when invalid
 * @param problem  what is wrong, naming the source; null when valid
 */
public record HostDefinition(String source, String name, HostSettings settings, String problem) {

    public HostDefinition {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        if ((settings == null) == (problem == null)) {
            throw new IllegalArgumentException("a definition has either settings or a problem");
        }
    }

    public static HostDefinition valid(String source, HostSettings settings) {
        return new HostDefinition(source, settings.name(), settings, null);
    }

    public static HostDefinition invalid(String source, String name, String problem) {
        return new HostDefinition(source, name, null, problem);
    }

    public boolean isValid() {
        return settings != null;
    }
}
