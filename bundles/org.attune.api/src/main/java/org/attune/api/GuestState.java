package org.attune.api;

/** Run state of a guest as reported by its driver. */
public enum GuestState {
    RUNNING, PAUSED, MIGRATING, STOPPED
}
