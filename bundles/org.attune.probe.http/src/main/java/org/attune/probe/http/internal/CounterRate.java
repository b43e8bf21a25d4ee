package org.attune.probe.http.internal;

import java.util.OptionalDouble;

/**
 * Turns readings of one cumulative request counter into a rate per second. The first reading is only a baseline;
 * a counter that went down, or a server uptime that went down, is a reset (the front end was restarted): that
 * interval is skipped and the reading becomes the new baseline, so a negative or inflated rate is never reported.
 * Requests the probe itself made are subtracted (its status requests are counted by the server too).
 * Not thread-safe: one poller owns it.
 */
final class CounterRate {

    private long lastCount = -1;
    private long lastUptime = -1;
    private long lastNanos;

    /**
     * @param count      the counter now
     * @param uptime     the server's uptime in seconds, -1 when unknown
     * @param nanos      when it was read, {@link System#nanoTime()}
     * @param ownBetween requests the probe made since the previous reading that the counter includes
     * @return the rate since the previous reading, or empty (first reading, reset, no time elapsed)
     */
    OptionalDouble update(long count, long uptime, long nanos, long ownBetween) {
        boolean reset = lastCount < 0 || count < lastCount || (uptime >= 0 && lastUptime >= 0 && uptime < lastUptime)
                || nanos <= lastNanos;
        long previous = lastCount;
        long previousNanos = lastNanos;
        lastCount = count;
        lastUptime = uptime;
        lastNanos = nanos;
        if (reset) {
            return OptionalDouble.empty();
        }
        double seconds = (nanos - previousNanos) / 1e9;
        return OptionalDouble.of(Math.max(0, count - previous - ownBetween) / seconds);
    }
}
