package org.attune.driver.libvirt.internal.config;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Test helper: a typed configuration from plain properties, with the annotation's defaults, as DS builds one. */
public final class Configs {

    private Configs() {
    }

    public static LibvirtHostConfiguration host(Map<String, ?> properties) {
        return (LibvirtHostConfiguration) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] {LibvirtHostConfiguration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return LibvirtHostConfiguration.class;
                        case "toString":
                            return "LibvirtHostConfiguration" + properties;
                        case "hashCode":
                            return properties.hashCode();
                        case "equals":
                            return proxy == args[0];
                        default:
                            break;
                    }
                    Object raw = properties.get(method.getName());
                    if (raw == null) {
                        return method.getDefaultValue();
                    }
                    Class<?> type = method.getReturnType();
                    String text = raw.toString().trim();
                    if (type == int.class) {
                        return Integer.parseInt(text);
                    }
                    if (type == double.class) {
                        return Double.parseDouble(text);
                    }
                    return raw.toString();
                });
    }
}
