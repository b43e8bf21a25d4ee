package org.attune.probe.http.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * Turns readings of one cumulative request counter into a rate per second, averaged over a sliding window: the
 * rate runs from the newest reading at least one window old (or the oldest kept) to the reading just made. Apache
 * counts a request when it completes, so the rate over one short period of an overloaded tier jumps between high
 * and low; a window of a few periods reads what the tier is asked to do. A window no longer than the period is
 * the rate between two readings. The first reading is only a baseline; a counter that went down, or a server
 * uptime that went down, is a reset (the front end was restarted): the window starts again from that reading, so
 * a negative or inflated rate is never reported. Requests the probe itself made are subtracted (its status
 * requests are counted by the server too). Not thread-safe: one poller owns it.
 */
final class CounterRate {

    /** One reading, with the probe's own requests counted up to it. */
    private record Reading(long count, long uptime, long nanos, long own) {
    }

    private final long windowNanos;
    private final Deque<Reading> readings = new ArrayDeque<>();

    /** The rate between two consecutive readings. */
    CounterRate() {
        this(Duration.ZERO);
    }

    CounterRate(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /**
     * @param count      the counter now
     * @param uptime     the server's uptime in seconds, -1 when unknown
     * @param nanos      when it was read, {@link System#nanoTime()}
     * @param ownBetween requests the probe made since the previous reading that the counter includes
     * @return the rate over the window up to this reading, or empty (first reading, reset, no time elapsed)
     */
    OptionalDouble update(long count, long uptime, long nanos, long ownBetween) {
        Reading last = readings.peekLast();
        boolean reset = last == null || count < last.count()
                || (uptime >= 0 && last.uptime() >= 0 && uptime < last.uptime()) || nanos <= last.nanos();
        if (reset) {
            readings.clear();
            readings.add(new Reading(count, uptime, nanos, 0));
            return OptionalDouble.empty();
        }
        readings.add(new Reading(count, uptime, nanos, last.own() + ownBetween));
        // Keep the newest reading that is at least one window old as the start, and always one before this one.
        while (readings.size() > 2 && secondOldest().nanos() <= nanos - windowNanos) {
            readings.removeFirst();
        }
        Reading start = readings.peekFirst();
        double seconds = (nanos - start.nanos()) / 1e9;
        long own = last.own() + ownBetween - start.own();
        return OptionalDouble.of(Math.max(0, count - start.count() - own) / seconds);
    }

    private Reading secondOldest() {
        var it = readings.iterator();
        it.next();
        return it.next();
    }
}
