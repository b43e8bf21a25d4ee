package org.attune.api.driver;

/** How a guest is migrated. */
public enum MigrationMode {
    /** The guest keeps running while its memory is copied; a short pause at the end. */
    LIVE,
    /** The guest is paused, copied, and resumed on the target. */
    REGULAR
}
