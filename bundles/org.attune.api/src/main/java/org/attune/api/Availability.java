package org.attune.api;

/** Whether Attune can currently talk to a host or driver. The accompanying detail says why. */
public enum Availability {
    ONLINE, OFFLINE
}
