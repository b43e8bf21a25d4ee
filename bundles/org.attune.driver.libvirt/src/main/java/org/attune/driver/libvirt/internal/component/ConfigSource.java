package org.attune.driver.libvirt.internal.component;

import java.util.Map;

/**
 * Names a factory configuration from its component properties: {@code service.pid} is e.g.
 * {@code org.attune.driver.libvirt~hostA} for etc/org.attune.driver.libvirt-hostA.cfg in Karaf.
 */
final class ConfigSource {

    private ConfigSource() {
    }

    /** @return {source for messages, the configuration's name within its factory ("" when unknown)} */
    static String[] of(String factoryPid, Map<String, Object> properties) {
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
        return new String[] {"host config " + pid, name};
    }
}
