package org.attune.driver.libvirt.internal.component;

import java.net.URI;
import java.util.Map;

/**
 * Names a factory configuration from its component properties: {@code service.pid} is e.g.
 * {@code org.attune.driver.libvirt~hostA} for etc/org.attune.driver.libvirt-hostA.cfg in Karaf, and File Install
 * adds the file ({@code felix.fileinstall.filename}), which problems then name too.
 */
final class ConfigSource {

    private ConfigSource() {
    }

    /** @return {source for messages, the configuration's name within its factory ("" when unknown)} */
    static String[] of(String factoryPid, Map<String, Object> properties) {
        Object pidValue = properties.get("service.pid");
        String pid = pidValue == null ? String.valueOf(properties.get("component.name")) : pidValue.toString();
        Object file = properties.get("felix.fileinstall.filename");
        String name = "";
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            name = pid.substring(tilde + 1);
        } else if (file != null) {
            // Older File Install: the name only survives in the file name, <factoryPid>-<name>.cfg.
            String prefix = factoryPid + "-";
            String f = file.toString();
            f = f.substring(f.lastIndexOf('/') + 1);
            if (f.startsWith(prefix) && f.endsWith(".cfg")) {
                name = f.substring(prefix.length(), f.length() - 4);
            }
        }
        return new String[] {"host config " + pid + (file == null ? "" : " (" + path(file.toString()) + ")"), name};
    }

    /** File Install gives a URL ({@code file:/opt/attune/etc/x.cfg}); people know the path. */
    private static String path(String file) {
        if (file.startsWith("file:")) {
            try {
                String p = URI.create(file).getPath();
                if (p != null) {
                    return p;
                }
            } catch (IllegalArgumentException e) {
                // not a URI after all: show it as it is
            }
        }
        return file;
    }
}
