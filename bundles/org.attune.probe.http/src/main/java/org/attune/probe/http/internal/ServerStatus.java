package org.attune.probe.http.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the probe reads from Apache's {@code server-status?auto}: the server-wide {@code Total Accesses} counter,
 * the server's uptime (to recognise a restart even when the counter has already grown past its old value) and,
 * with {@code ProxyStatus On}, the {@code Elected} counter of every balancer member.
 *
 * @param totalAccesses  requests served since the (re)start
 * @param uptimeSeconds  {@code ServerUptimeSeconds}, -1 when absent
 * @param members        balancer member ({@code balancer://app http://10.99.0.11}) to its Elected counter, in order
 */
record ServerStatus(long totalAccesses, long uptimeSeconds, Map<String, Long> members) {

    private static final Pattern BALANCER_NAME = Pattern.compile("ProxyBalancer\\[(\\d+)\\]Name");
    private static final Pattern WORKER = Pattern.compile("ProxyBalancer\\[(\\d+)\\]Worker\\[(\\d+)\\](Name|Elected)");

    ServerStatus {
        members = Map.copyOf(members);
    }

    /**
     * Parses the machine-readable status page.
     *
     * @throws IllegalArgumentException when the page has no {@code Total Accesses} line (not a status page, or
     *                                  {@code ExtendedStatus Off}), naming what is missing
     */
    static ServerStatus parse(String body) {
        OptionalLong accesses = OptionalLong.empty();
        long uptime = -1;
        Map<String, String> balancers = new LinkedHashMap<>();
        Map<String, String> workerNames = new LinkedHashMap<>();
        Map<String, Long> elected = new LinkedHashMap<>();
        for (String raw : body.split("\n")) {
            String line = raw.strip();
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (key.equals("Total Accesses")) {
                accesses = OptionalLong.of(number(key, value));
            } else if (key.equals("ServerUptimeSeconds")) {
                uptime = number(key, value);
            } else if (key.startsWith("ProxyBalancer[")) {
                Matcher b = BALANCER_NAME.matcher(key);
                Matcher w = WORKER.matcher(key);
                if (b.matches()) {
                    balancers.put(b.group(1), value);
                } else if (w.matches()) {
                    String id = w.group(1) + "/" + w.group(2);
                    if (w.group(3).equals("Name")) {
                        workerNames.put(id, value);
                    } else {
                        elected.put(id, number(key, value));
                    }
                }
            }
        }
        if (accesses.isEmpty()) {
            throw new IllegalArgumentException("no 'Total Accesses' line in the status page: is it server-status?auto"
                    + " with ExtendedStatus On?");
        }
        Map<String, Long> members = new LinkedHashMap<>();
        workerNames.forEach((id, name) -> {
            Long count = elected.get(id);
            if (count != null) {
                String balancer = balancers.getOrDefault(id.substring(0, id.indexOf('/')), "balancer");
                members.put(balancer + " " + name, count);
            }
        });
        return new ServerStatus(accesses.getAsLong(), uptime, members);
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("status line '" + key + "' is not a whole number: '"
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'", e);
        }
    }
}
