package org.attune.api;

/** Power state of a physical host. */
public enum PowerState {
    ON, OFF, BOOTING, SHUTTING_DOWN;

    /** True when guests can run on (and migrate to) a host in this state. */
    public boolean canRunGuests() {
        return this == ON;
    }
}
