package org.attune.driver.sim.internal.config;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * A typed view of plain properties through a configuration annotation, as Declarative Services builds one:
 * the same attribute names (DS 1.4 name mapping: {@code _} is {@code .}, {@code __} is {@code _}, {@code $_$}
 * is {@code -}), the annotation's defaults for missing keys, and a conversion error raised only when the
 * attribute is read. {@link SimScenario} uses it so .cfg files go through the same {@link SimDefinitions} as
 * Config Admin does.
 */
public final class TypedConfig {

    private TypedConfig() {
    }

    /** @param properties values as strings (from a .cfg file) or already typed */
    public static <A> A of(Class<A> type, Map<String, ?> properties) {
        if (!type.isAnnotation() && !type.isInterface()) {
            throw new IllegalArgumentException(type + " is not an annotation or interface");
        }
        Map<String, ?> props = Map.copyOf(properties);
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return type.getSimpleName() + props;
                case "hashCode":
                    return props.hashCode();
                case "equals":
                    return proxy == args[0];
                case "annotationType":
                    return type;
                default:
                    break;
            }
            Object raw = props.get(key(method.getName()));
            if (raw == null) {
                return method.getDefaultValue() != null ? method.getDefaultValue() : empty(method.getReturnType());
            }
            return convert(raw, method.getReturnType());
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** The property key of an attribute method, DS 1.4 style. */
    static String key(String methodName) {
        StringBuilder b = new StringBuilder(methodName.length());
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (c == '$') {
                if (methodName.startsWith("$_$", i)) {
                    b.append('-');
                    i += 2;
                } else if (methodName.startsWith("$$", i)) {
                    b.append('$');
                    i++;
                }
            } else if (c == '_') {
                if (methodName.startsWith("__", i)) {
                    b.append('_');
                    i++;
                } else {
                    b.append('.');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Object empty(Class<?> type) {
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 0);
        }
        return convert("", type);
    }

    private static Object convert(Object raw, Class<?> type) {
        if (type.isArray()) {
            Object[] items = raw instanceof Collection<?> c ? c.toArray()
                    : raw.getClass().isArray() ? toObjects(raw) : new Object[] {raw};
            Object array = Array.newInstance(type.getComponentType(), items.length);
            for (int i = 0; i < items.length; i++) {
                Array.set(array, i, convert(items[i], type.getComponentType()));
            }
            return array;
        }
        if (raw.getClass().isArray()) {
            Object[] items = toObjects(raw);
            return items.length == 0 ? empty(type) : convert(items[0], type);
        }
        if (raw instanceof Collection<?> c) {
            return c.isEmpty() ? empty(type) : convert(c.iterator().next(), type);
        }
        if (type == String.class) {
            return raw.toString();
        }
        String text = raw.toString().trim();
        try {
            if (type == int.class || type == Integer.class) {
                return raw instanceof Number n ? n.intValue() : text.isEmpty() ? 0 : Integer.parseInt(text);
            }
            if (type == long.class || type == Long.class) {
                return raw instanceof Number n ? n.longValue() : text.isEmpty() ? 0L : Long.parseLong(text);
            }
            if (type == double.class || type == Double.class) {
                return raw instanceof Number n ? n.doubleValue() : text.isEmpty() ? 0.0 : Double.parseDouble(text);
            }
            if (type == float.class || type == Float.class) {
                return raw instanceof Number n ? n.floatValue() : text.isEmpty() ? 0f : Float.parseFloat(text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + raw + "' is not " + article(type.getSimpleName()));
        }
        if (type == boolean.class || type == Boolean.class) {
            // Like DS: anything but "true" is false.
            return raw instanceof Boolean b ? b : Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("attribute type " + type + " is not supported");
    }

    private static String article(String typeName) {
        switch (typeName) {
            case "int":
            case "Integer":
            case "long":
            case "Long":
                return "an integer";
            default:
                return "a number";
        }
    }

    private static Object[] toObjects(Object array) {
        Object[] items = new Object[Array.getLength(array)];
        for (int i = 0; i < items.length; i++) {
            items[i] = Array.get(array, i);
        }
        return items;
    }
}
