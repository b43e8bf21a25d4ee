package org.attune.driver.sim.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The configuration problems a driver shows in its status, one per source (a configuration), each logged once.
 * A "waiting" problem (a guest whose host has not appeared yet) is logged only when it outlives a grace period,
 * because at start-up configurations arrive in any order. Not thread-safe: the cluster's lock guards it, except
 * {@link #messages()}, which reads a published copy.
 */
final class ProblemBoard {

    private static final class Entry {
        final String message;
        final boolean waiting;
        final double since;
        boolean logged;

        Entry(String message, boolean waiting, double since) {
            this.message = message;
            this.waiting = waiting;
            this.since = since;
        }
    }

    private final Map<String, Entry> bySource = new TreeMap<>();
    private final Consumer<String> warn;
    private final Consumer<String> info;
    private volatile List<String> messages = List.of();
    private int unlogged;

    ProblemBoard(Consumer<String> warn, Consumer<String> info) {
        this.warn = warn;
        this.info = info;
    }

    /** Records a problem; logs it unless the same problem is already known for that source. */
    void report(String source, String message, boolean waiting, double now, double grace) {
        Entry old = bySource.get(source);
        if (old != null && old.message.equals(message)) {
            return;
        }
        if (old != null && !old.logged) {
            unlogged--;
        }
        Entry e = new Entry(message, waiting, now);
        bySource.put(source, e);
        if (!waiting || grace <= 0) {
            warn.accept(message);
            e.logged = true;
        } else {
            unlogged++;
        }
        publish();
    }

    /** Forgets the source's problem; says so in the log if the problem had been logged. */
    void clear(String source, String resolution) {
        Entry e = bySource.remove(source);
        if (e == null) {
            return;
        }
        if (e.logged) {
            info.accept(resolution);
        } else {
            unlogged--;
        }
        publish();
    }

    boolean has(String source) {
        return bySource.containsKey(source);
    }

    /** Logs the waiting problems older than {@code grace}. Cheap when there are none. */
    void tick(double now, double grace) {
        if (unlogged == 0) {
            return;
        }
        for (Entry e : bySource.values()) {
            if (!e.logged && now - e.since >= grace) {
                warn.accept(e.message);
                e.logged = true;
                unlogged--;
            }
        }
    }

    /** The current problems, sorted by source. Thread-safe. */
    List<String> messages() {
        return messages;
    }

    private void publish() {
        List<String> list = new ArrayList<>(bySource.size());
        for (Entry e : bySource.values()) {
            list.add(e.message);
        }
        messages = List.copyOf(list);
    }
}
