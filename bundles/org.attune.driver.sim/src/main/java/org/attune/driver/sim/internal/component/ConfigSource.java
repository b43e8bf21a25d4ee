package org.attune.driver.sim.internal.component;

import java.util.Map;

/**
 * Names a configuration for problems and log messages, from its component properties: {@code service.pid}
 * (e.g. {@code org.attune.driver.sim.guest~front} for etc/org.attune.driver.sim.guest-front.cfg in Karaf).
 *
 * @param source      e.g. {@code guest config org.attune.driver.sim.guest~front}
 * @param factoryName the configuration's name within its factory ({@code front}), "" when unknown
 */
record ConfigSource(String source, String factoryName) {

    static ConfigSource of(String kind, String factoryPid, Map<String, Object> properties) {
        Object pidValue = properties.get("service.pid");
        String pid = pidValue == null ? String.valueOf(properties.get("component.name")) : pidValue.toString();
        String name = "";
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            name = pid.substring(tilde + 1);
        } else {
            // Older File Install: the name only survives in the file name, <factoryPid>-<name>.cfg.
            Object file = properties.get("felix.fileinstall.filename");
            String prefix = factoryPid + "-";
            if (file != null) {
                String f = file.toString();
                f = f.substring(f.lastIndexOf('/') + 1);
                if (f.startsWith(prefix) && f.endsWith(".cfg")) {
                    name = f.substring(prefix.length(), f.length() - 4);
                }
            }
        }
        return new ConfigSource(kind + " config " + pid, name);
    }
}
