package org.attune.api;

import java.util.Objects;

/**
 * What a {@link Sample} is about: a host, a guest or a tier, by id.
 *
 * @param type the kind of subject
 * @param id   host id, guest id (UUID) or tier name
 */
public record Subject(SubjectType type, String id) {

    public Subject {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public static Subject host(String hostId) {
        return new Subject(SubjectType.HOST, hostId);
    }

    public static Subject guest(String guestId) {
        return new Subject(SubjectType.GUEST, guestId);
    }

    public static Subject tier(String tier) {
        return new Subject(SubjectType.TIER, tier);
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
}
