package org.attune.driver.sim.internal.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import org.attune.simulation.Workload;

/**
 * What a simulated guest is: the validated content of one guest configuration. Immutable.
 *
 * @param name           display name, unique in the cluster
 * @param uuid           the guest's id; null derives it from the name (see {@link #derivedUuid})
 * @param vcpus          virtual CPUs; the guest can use at most {@code vcpus * coreMips} of its host
 * @param memoryMiB      memory size
 * @param mac            MAC of its first interface; null or blank derives it from the name (see {@link #derivedMac})
 * @param tier           application tier, "" for none
 * @param labels         free-form labels
 * @param host           name of the host it starts on
 * @param dirtyRateMiBps how fast it dirties memory, for the live-migration model
 * @param workload       its CPU demand over time
 */
public record GuestSpec(String name, UUID uuid, int vcpus, long memoryMiB, String mac, String tier,
                        Map<String, String> labels, String host, double dirtyRateMiBps, Workload workload) {

    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    /** @throws IllegalArgumentException naming the attribute when a value is out of range */
    public GuestSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is missing");
        }
        name = name.trim();
        uuid = uuid == null ? derivedUuid(name) : uuid;
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1, was " + vcpus);
        }
        if (memoryMiB < 1) {
            throw new IllegalArgumentException("memoryMiB must be positive, was " + memoryMiB);
        }
        if (mac == null || mac.isBlank()) {
            mac = derivedMac(name);
        } else {
            mac = mac.trim().toLowerCase(Locale.ROOT);
            if (!MAC.matcher(mac).matches()) {
                throw new IllegalArgumentException("mac '" + mac + "' is not a MAC address like 52:54:00:12:34:56");
            }
        }
        tier = tier == null ? "" : tier.trim();
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host (the initial host) is missing");
        }
        host = host.trim();
        if (!(dirtyRateMiBps >= 0) || Double.isInfinite(dirtyRateMiBps)) {
            throw new IllegalArgumentException("dirtyRateMiBps must not be negative, was " + dirtyRateMiBps);
        }
        Objects.requireNonNull(workload, "workload");
    }

    /** A guest with a derived UUID and MAC, no tier or labels, and a dirty rate of 0. */
    public static GuestSpec of(String name, int vcpus, long memoryMiB, String host, Workload workload) {
        return new GuestSpec(name, null, vcpus, memoryMiB, null, "", Map.of(), host, 0, workload);
    }

    /** {@code UUID.nameUUIDFromBytes(("attune-sim:" + name).getBytes(UTF_8))}: stable across restarts. */
    public static UUID derivedUuid(String name) {
        return UUID.nameUUIDFromBytes(("attune-sim:" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** A locally administered MAC in QEMU's 52:54:00 range, its last three bytes taken from a hash of the name. */
    public static String derivedMac(String name) {
        long bits = UUID.nameUUIDFromBytes(("attune-sim-mac:" + name).getBytes(StandardCharsets.UTF_8))
                .getLeastSignificantBits();
        return String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x", (bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff);
    }

    /** The id the driver reports: the UUID as a string. */
    public String id() {
        return uuid.toString();
    }

    public GuestSpec withUuid(UUID newUuid) {
        return new GuestSpec(name, newUuid, vcpus, memoryMiB, mac, tier, labels, host, dirtyRateMiBps, workload);
    }

    public GuestSpec withMac(String newMac) {
        return new GuestSpec(name, uuid, vcpus, memoryMiB, newMac, tier, labels, host, dirtyRateMiBps, workload);
    }

    public GuestSpec withTier(String newTier) {
        return new GuestSpec(name, uuid, vcpus, memoryMiB, mac, newTier, labels, host, dirtyRateMiBps, workload);
    }

    public GuestSpec withLabels(Map<String, String> newLabels) {
        return new GuestSpec(name, uuid, vcpus, memoryMiB, mac, tier, newLabels, host, dirtyRateMiBps, workload);
    }

    public GuestSpec withHost(String newHost) {
        return new GuestSpec(name, uuid, vcpus, memoryMiB, mac, tier, labels, newHost, dirtyRateMiBps, workload);
    }

    public GuestSpec withDirtyRate(double miBps) {
        return new GuestSpec(name, uuid, vcpus, memoryMiB, mac, tier, labels, host, miBps, workload);
    }

    public GuestSpec withWorkload(Workload newWorkload) {
        return new GuestSpec(name, uuid, vcpus, memoryMiB, mac, tier, labels, host, dirtyRateMiBps, newWorkload);
    }
}
