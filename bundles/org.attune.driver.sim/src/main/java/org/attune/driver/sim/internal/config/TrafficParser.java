package org.attune.driver.sim.internal.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a guest's {@code traffic} key: comma-separated {@code <peer guest name>:<bytes per second>} entries, the
 * rate a plain number or with a suffix {@code k}, {@code M} or {@code G} (powers of 1000), e.g.
 * {@code app2:2M, front:150k}. These are the bytes per second the guest sends to each peer.
 */
public final class TrafficParser {

    private TrafficParser() {
    }

    /** @throws IllegalArgumentException naming the bad entry */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> rates = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return rates;
        }
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("traffic entry '" + entry
                        + "' is not <peer>:<bytes per second>, e.g. app2:2M");
            }
            String peer = entry.substring(0, colon).trim();
            double rate = rate(entry.substring(colon + 1).trim(), entry);
            if (rates.put(peer, rate) != null) {
                throw new IllegalArgumentException("traffic names peer '" + peer + "' twice");
            }
        }
        return rates;
    }

    private static double rate(String text, String entry) {
        double factor = 1;
        String number = text;
        char last = text.charAt(text.length() - 1);
        switch (last) {
            case 'k':
            case 'K':
                factor = 1e3;
                break;
            case 'M':
                factor = 1e6;
                break;
            case 'G':
                factor = 1e9;
                break;
            default:
                break;
        }
        if (factor != 1) {
            number = text.substring(0, text.length() - 1).trim();
        }
        double value;
        try {
            value = Double.parseDouble(number) * factor;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("traffic entry '" + entry + "': rate '" + text
                    + "' is not a number of bytes per second (suffix k, M or G allowed)");
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "traffic entry '%s': rate must not be negative", entry));
        }
        return value;
    }
}
