package org.attune.orchestrator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.attune.api.MigrationInFlight;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;

/**
 * Starts migrations within the concurrency limits, follows them to their end, aborts them on timeout and
 * remembers when each guest last moved (for the cooldown).
 *
 * <p>Thread-safe. Completion callbacks run on driver threads and touch only concurrent maps, so a driver
 * that completes a job while holding its own lock cannot deadlock with {@link #start}.
 */
final class MigrationExecutor {

    /** A migration this executor started. */
    record Tracked(String guestId, String guestName, String fromHostId, String toHostId, MigrationJob job,
                   Instant started, Duration timeout, String initiator, long cycle) {

        MigrationInFlight toInFlight() {
            return new MigrationInFlight(guestId, fromHostId, toHostId, started, job.progress().fractionDone());
        }
    }

    /** Told when a tracked migration ends, on whatever thread ended it. */
    interface Listener {
        void ended(Tracked tracked, MigrationResult result);
    }

    private final Map<String, Tracked> inFlight = new ConcurrentHashMap<>();
    private final Set<String> abortRequested = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastMovedCycle = new ConcurrentHashMap<>();
    private final LongSupplier currentCycle;
    private final Listener listener;

    MigrationExecutor(LongSupplier currentCycle, Listener listener) {
        this.currentCycle = currentCycle;
        this.listener = listener;
    }

    /**
     * Why this migration may not start now, or null when it may.
     *
     * @param byPolicy policy actions respect the cooldown; an operator's request does not
     */
    synchronized String refusal(String guestId, String from, String to, Settings s, boolean byPolicy) {
        if (inFlight.containsKey(guestId)) {
            return "a migration of this guest is already in flight";
        }
        if (byPolicy && coolingDown(guestId, s)) {
            return "cooling down after its last migration (cooldownCycles=" + s.cooldownCycles() + ")";
        }
        int leaving = 0;
        int entering = 0;
        for (Tracked t : inFlight.values()) {
            leaving += t.fromHostId().equals(from) ? 1 : 0;
            entering += t.toHostId().equals(to) ? 1 : 0;
        }
        if (leaving >= s.maxPerSource()) {
            return leaving + " migration(s) already leaving host " + from + " (maxMigrationsPerSource=" + s.maxPerSource() + ")";
        }
        if (entering >= s.maxPerTarget()) {
            return entering + " migration(s) already entering host " + to + " (maxMigrationsPerTarget=" + s.maxPerTarget() + ")";
        }
        if (s.maxTotal() > 0 && inFlight.size() >= s.maxTotal()) {
            return inFlight.size() + " migrations in flight (maxMigrationsTotal=" + s.maxTotal() + ")";
        }
        return null;
    }

    /**
     * Starts a migration unless {@link #refusal} forbids it.
     *
     * @return the tracked migration
     * @throws IllegalStateException when refused, with the reason
     * @throws DriverException       when the driver refuses
     */
    synchronized Tracked start(HypervisorDriver driver, String guestId, String guestName, String from, String to,
                               MigrationOptions options, Settings s, boolean byPolicy, String initiator, Instant now)
            throws DriverException {
        String refusal = refusal(guestId, from, to, s, byPolicy);
        if (refusal != null) {
            throw new IllegalStateException("cannot migrate " + guestName + " now: " + refusal);
        }
        MigrationJob job = driver.migrate(guestId, to, options);
        Duration timeout = options.timeout() != null ? options.timeout() : s.migrationTimeout();
        Tracked tracked = new Tracked(guestId, guestName, from, to, job, now, timeout, initiator, currentCycle.getAsLong());
        inFlight.put(guestId, tracked);
        job.result().whenComplete((result, failure) -> finish(tracked, result, failure));
        return tracked;
    }

    private void finish(Tracked tracked, MigrationResult result, Throwable failure) {
        if (!inFlight.remove(tracked.guestId(), tracked)) {
            return;
        }
        abortRequested.remove(tracked.guestId());
        lastMovedCycle.put(tracked.guestId(), currentCycle.getAsLong());
        MigrationResult outcome = result;
        if (outcome == null) {
            // The job broke its contract (completed exceptionally): record it as a failure, keep going.
            outcome = new MigrationResult(tracked.guestId(), tracked.fromHostId(), tracked.toHostId(),
                    tracked.job().options().mode(), MigrationResult.Outcome.FAILED,
                    "driver error: " + (failure == null ? "no result" : failure), Duration.ZERO, null, -1, null);
        }
        listener.ended(tracked, outcome);
    }

    /** Aborts migrations that have run longer than their timeout; returns the ones asked to abort now. */
    List<Tracked> abortExpired(Instant now) {
        List<Tracked> expired = inFlight.values().stream()
                .filter(t -> now.isAfter(t.started().plus(t.timeout())))
                .filter(t -> abortRequested.add(t.guestId()))
                .toList();
        for (Tracked t : expired) {
            t.job().abort("timed out after " + t.timeout().toSeconds() + " s");
        }
        return expired;
    }

    /** Forgets migrations of guests a departed driver owned: their jobs will never report. */
    List<Tracked> forgetGuests(Set<String> guestIds) {
        List<Tracked> dropped = inFlight.values().stream().filter(t -> guestIds.contains(t.guestId())).toList();
        dropped.forEach(t -> inFlight.remove(t.guestId(), t));
        return dropped;
    }

    boolean coolingDown(String guestId, Settings s) {
        Long last = lastMovedCycle.get(guestId);
        return last != null && currentCycle.getAsLong() - last < s.cooldownCycles();
    }

    /** Guests within their cooldown. */
    Set<String> coolingDown(Settings s) {
        Set<String> result = new HashSet<>();
        lastMovedCycle.forEach((guest, cycle) -> {
            if (currentCycle.getAsLong() - cycle < s.cooldownCycles()) {
                result.add(guest);
            }
        });
        return result;
    }

    List<Tracked> inFlight() {
        return List.copyOf(inFlight.values());
    }

    boolean involves(String hostId) {
        return inFlight.values().stream().anyMatch(t -> t.fromHostId().equals(hostId) || t.toHostId().equals(hostId));
    }
}
