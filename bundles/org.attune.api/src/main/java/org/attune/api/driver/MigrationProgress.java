package org.attune.api.driver;

/**
 * A snapshot of a running migration. Byte counts are -1 when the driver does not know them.
 *
 * @param totalBytes       bytes to transfer as currently estimated
 * @param transferredBytes bytes transferred so far
 * @param remainingBytes   bytes left
 * @param iteration        pre-copy round (1 for the first full copy), 0 when unknown
 */
public record MigrationProgress(long totalBytes, long transferredBytes, long remainingBytes, int iteration) {

    public static final MigrationProgress UNKNOWN = new MigrationProgress(-1, -1, -1, 0);

    /** Share done, 0..1, or -1 when unknown. */
    public double fractionDone() {
        if (totalBytes <= 0 || transferredBytes < 0) {
            return -1;
        }
        return Math.min(1.0, (double) transferredBytes / totalBytes);
    }
}
