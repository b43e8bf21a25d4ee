package org.attune.api;

/** What a {@link Subject} of measurement is. */
public enum SubjectType {
    HOST, GUEST, TIER
}
