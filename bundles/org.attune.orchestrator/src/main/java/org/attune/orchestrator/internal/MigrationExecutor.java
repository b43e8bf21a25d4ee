package org.attune.orchestrator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.attune.api.Guest;
import org.attune.api.MigrationInFlight;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;

/**
 * Starts migrations through the driver of the source host, follows each job to its end, aborts it when it runs
 * past its timeout and remembers the cycle each guest last moved in (for the cooldown). Whether a migration may
 * start is the validator's business, not this class's.
 *
 * <p>Thread-safe. Completion callbacks run on driver threads and touch only concurrent maps, so a driver that
 * completes a job while holding its own lock cannot deadlock with {@link #start}.
 */
final class MigrationExecutor {

    /** A migration this executor started. */
    record Tracked(Guest guest, String fromHostId, String toHostId, MigrationJob job, Instant started,
                   Duration timeout, String initiator, String reason, long cycle) {

        String guestId() {
            return guest.id();
        }

        MigrationInFlight toInFlight() {
            return new MigrationInFlight(guest.id(), fromHostId, toHostId, started, job.progress().fractionDone());
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
     * Starts a migration and follows it.
     *
     * @param defaultTimeout the timeout when the options give none
     * @throws DriverException when the driver refuses to start it
     */
    Tracked start(HypervisorDriver driver, Guest guest, String from, String to, MigrationOptions options,
                  Duration defaultTimeout, String initiator, String reason, Instant now) throws DriverException {
        MigrationJob job = driver.migrate(guest.id(), to, options);
        Duration timeout = options.timeout() != null ? options.timeout() : defaultTimeout;
        Tracked tracked = new Tracked(guest, from, to, job, now, timeout, initiator, reason, currentCycle.getAsLong());
        inFlight.put(guest.id(), tracked);
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

    /**
     * Asks migrations that have run longer than their timeout to abort, each once.
     *
     * @param aborting told of each before it is asked (its job may end at once, inside the request)
     */
    void abortExpired(Instant now, Consumer<Tracked> aborting) {
        List<Tracked> expired = inFlight.values().stream()
                .filter(t -> now.isAfter(t.started().plus(t.timeout())))
                .filter(t -> abortRequested.add(t.guestId()))
                .toList();
        for (Tracked t : expired) {
            aborting.accept(t);
            t.job().abort("timed out after " + t.timeout().toSeconds() + " s");
        }
    }

    /** Forgets migrations of guests a departed driver owned: their jobs will never report. */
    List<Tracked> forgetGuests(Set<String> guestIds) {
        List<Tracked> dropped = inFlight.values().stream().filter(t -> guestIds.contains(t.guestId())).toList();
        dropped.forEach(t -> inFlight.remove(t.guestId(), t));
        return dropped;
    }

    /** Guests that moved fewer than {@code cooldownCycles} cycles ago. */
    Set<String> coolingDown(int cooldownCycles) {
        long now = currentCycle.getAsLong();
        Set<String> result = new HashSet<>();
        lastMovedCycle.forEach((guest, cycle) -> {
            if (now - cycle < cooldownCycles) {
                result.add(guest);
            }
        });
        return result;
    }

    List<Tracked> inFlight() {
        return List.copyOf(inFlight.values());
    }
}
