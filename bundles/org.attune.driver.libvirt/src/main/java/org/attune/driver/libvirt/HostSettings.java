package org.attune.driver.libvirt;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.attune.api.PowerProfile;

/**
 * A validated libvirt host: what one {@code etc/org.attune.driver.libvirt-<name>.cfg} says, as a value. Immutable.
 * The constructor refuses what the configuration file refuses: an {@link IllegalArgumentException} naming every bad
 * value by its configuration key (e.g. {@code connectTimeoutSeconds must be at least 1, was 0}), a
 * {@link NullPointerException} for a missing required value. {@link #of} gives the file's defaults, the
 * {@code with...} methods change one aspect.
 *
 * @param name                    host name and id, matching {@link #NAME_PATTERN}
 * @param uri                     libvirt connection URI ({@code qemu:///system}, {@code test:///default}, ...)
 * @param migrationUri            libvirt migrate URI used when this host is the target; null for libvirt's default
 * @param cpuMipsPerCore          speed of one core; 0 means the node's MHz
 * @param maxConcurrentMigrations migrations at once with this host as source or target, at least 1
 * @param connectTimeout          one connection attempt, positive
 * @param operationTimeout        one libvirt operation, caller side, positive
 * @param shutdownTimeout         graceful shutdown before a guest is forced off, positive
 * @param reconnectMin            first reconnection delay, positive
 * @param reconnectMax            longest reconnection delay, at least {@code reconnectMin}
 * @param pollInterval            how often guests and CPU counters are read, positive
 * @param powerProfile            how the host draws power and what switching it on and off costs, reported on its
 *                                {@link org.attune.api.Host}; {@link PowerProfile#UNKNOWN} (also for null) when not
 *                                configured
 */
public record HostSettings(String name, String uri, String migrationUri, double cpuMipsPerCore,
                           int maxConcurrentMigrations, Duration connectTimeout, Duration operationTimeout,
                           Duration shutdownTimeout, Duration reconnectMin, Duration reconnectMax,
                           Duration pollInterval, PowerProfile powerProfile) {

    /** Host names end up in ids, file names, logs and shell commands: a safe subset only. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,63}");

    public static final int DEFAULT_MAX_CONCURRENT_MIGRATIONS = 2;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(60);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    public HostSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(pollInterval, "pollInterval");
        List<String> problems = problems(name, uri, migrationUri, cpuMipsPerCore, maxConcurrentMigrations,
                connectTimeout, operationTimeout, shutdownTimeout, reconnectMin, reconnectMax, pollInterval);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        migrationUri = migrationUri == null || migrationUri.isBlank() ? null : migrationUri.trim();
        powerProfile = powerProfile == null ? PowerProfile.UNKNOWN : powerProfile;
    }

    /**
     * A host with every default of the configuration file (as a file with only {@code name} and {@code uri}), its
     * power profile {@link PowerProfile#UNKNOWN}.
     */
    public static HostSettings of(String name, String uri) {
        return new HostSettings(name, uri, null, 0, DEFAULT_MAX_CONCURRENT_MIGRATIONS, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_OPERATION_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, DEFAULT_RECONNECT_MIN, DEFAULT_RECONNECT_MAX,
                DEFAULT_POLL_INTERVAL, PowerProfile.UNKNOWN);
    }

    public HostSettings withMigrationUri(String newUri) {
        return new HostSettings(name, uri, newUri, cpuMipsPerCore, maxConcurrentMigrations, connectTimeout,
                operationTimeout, shutdownTimeout, reconnectMin, reconnectMax, pollInterval, powerProfile);
    }

    public HostSettings withCpuMipsPerCore(double mips) {
        return new HostSettings(name, uri, migrationUri, mips, maxConcurrentMigrations, connectTimeout,
                operationTimeout, shutdownTimeout, reconnectMin, reconnectMax, pollInterval, powerProfile);
    }

    public HostSettings withReconnect(Duration min, Duration max) {
        return new HostSettings(name, uri, migrationUri, cpuMipsPerCore, maxConcurrentMigrations, connectTimeout,
                operationTimeout, shutdownTimeout, min, max, pollInterval, powerProfile);
    }

    public HostSettings withPollInterval(Duration interval) {
        return new HostSettings(name, uri, migrationUri, cpuMipsPerCore, maxConcurrentMigrations, connectTimeout,
                operationTimeout, shutdownTimeout, reconnectMin, reconnectMax, interval, powerProfile);
    }

    public HostSettings withTimeouts(Duration connect, Duration operation, Duration shutdown) {
        return new HostSettings(name, uri, migrationUri, cpuMipsPerCore, maxConcurrentMigrations, connect,
                operation, shutdown, reconnectMin, reconnectMax, pollInterval, powerProfile);
    }

    /** This host with another power profile (null: {@link PowerProfile#UNKNOWN}). */
    public HostSettings withPowerProfile(PowerProfile profile) {
        return new HostSettings(name, uri, migrationUri, cpuMipsPerCore, maxConcurrentMigrations, connectTimeout,
                operationTimeout, shutdownTimeout, reconnectMin, reconnectMax, pollInterval, profile);
    }

    private static List<String> problems(String name, String uri, String migrationUri, double mips,
                                         int maxMigrations, Duration connect, Duration operation, Duration shutdown,
                                         Duration reconnectMin, Duration reconnectMax, Duration poll) {
        List<String> problems = new ArrayList<>();
        if (!NAME_PATTERN.matcher(name).matches()) {
            problems.add("invalid host name '" + printable(name) + "': use 1-63 characters of [A-Za-z0-9_-]");
        }
        if (uri.isBlank()) {
            problems.add("no libvirt URI: set 'uri' (e.g. qemu:///system or test:///default)");
        } else {
            uriProblem("uri", uri).ifPresent(problems::add);
        }
        if (migrationUri != null && !migrationUri.isBlank()) {
            uriProblem("migrationUri", migrationUri.trim()).ifPresent(problems::add);
        }
        if (!(mips >= 0) || Double.isInfinite(mips)) {
            problems.add("cpuMipsPerCore must be 0 (the node's MHz) or positive, was " + mips);
        }
        if (maxMigrations < 1) {
            problems.add("maxConcurrentMigrations must be at least 1, was " + maxMigrations);
        }
        positive("connectTimeoutSeconds", connect, problems);
        positive("operationTimeoutSeconds", operation, problems);
        positive("shutdownTimeoutSeconds", shutdown, problems);
        positive("reconnectMinSeconds", reconnectMin, problems);
        positive("pollIntervalSeconds", poll, problems);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            problems.add("reconnectMaxSeconds (" + reconnectMax.toSeconds() + ") must not be below reconnectMinSeconds ("
                    + reconnectMin.toSeconds() + ")");
        }
        return problems;
    }

    private static void positive(String key, Duration value, List<String> problems) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " must be at least 1, was " + value.toSeconds());
        }
    }

    /** libvirt accepts many URI forms; require what every one of them has: a scheme, and no spaces or controls. */
    private static Optional<String> uriProblem(String key, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return Optional.of(key + " '" + printable(value) + "' must not contain spaces or control characters");
            }
        }
        try {
            URI parsed = new URI(value);
            if (parsed.getScheme() == null) {
                return Optional.of(key + " '" + value + "' has no scheme (e.g. qemu:///system, tcp://10.0.0.2)");
            }
        } catch (URISyntaxException e) {
            return Optional.of(key + " '" + value + "' is not a URI: " + e.getReason());
        }
        return Optional.empty();
    }

    /** The value as it can be logged: control characters escaped, at most 80 characters. */
    private static String printable(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && b.length() < 80; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return value.length() > 80 ? b + "..." : b.toString();
    }
}
