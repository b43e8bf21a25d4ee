package org.attune.orchestrator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import org.attune.api.PowerState;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.OrchestratorStatus.PowerActionInfo;
import org.attune.api.power.PowerController;
import org.attune.api.power.PowerException;
import org.attune.orchestrator.internal.ExecutionState.PowerOverlay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches hosts on and off, only ever through a {@link PowerController} that controls the host (drivers have no
 * power methods). A controller may block for its timeout (a BMC over the network), so every call runs on a worker,
 * never on the loop thread, and a host has at most one power action in progress: a second request while one runs
 * is journaled and dropped.
 *
 * <p>Until the host's driver reports the change, the host is shown {@link PowerState#BOOTING} or
 * {@link PowerState#SHUTTING_DOWN} ({@link #overlays}): while the controller works and, once it succeeded, for the
 * settle time given with the request.
 *
 * <p>Thread-safe.
 */
final class PowerExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(PowerExecutor.class);

    /** A power action handed to a controller. */
    private record Running(PowerActionInfo info, PowerOverlay overlay) {
    }

    /** A power action that succeeded, shown until its driver catches up or the settle time has passed. */
    private record Settling(PowerOverlay overlay, Instant until) {
    }

    private final Journal journal;
    private final Executor workers;
    private final Clock clock;
    private final Runnable ended;
    private final List<PowerController> controllers = new CopyOnWriteArrayList<>();
    private final Map<String, Running> inProgress = new ConcurrentHashMap<>();
    private final Map<String, Settling> settling = new ConcurrentHashMap<>();

    /**
     * @param ended told after every power action ended (on the worker): pending actions may have been waiting for it
     */
    PowerExecutor(Journal journal, Executor workers, Clock clock, Runnable ended) {
        this.journal = journal;
        this.workers = workers;
        this.clock = clock;
        this.ended = ended;
    }

    void addController(PowerController controller) {
        controllers.add(controller);
    }

    void removeController(PowerController controller) {
        controllers.remove(controller);
    }

    /**
     * Hands a power action to the first controller that can carry it out, on a worker.
     *
     * @param reported what the host's driver reports now
     * @param settle   how long after success the host is shown switching when its driver has not seen it yet
     */
    void request(String hostId, boolean on, String reason, String initiator, long cycle, PowerState reported,
                 Duration settle) {
        PowerController controller = controllerFor(hostId, on);
        if (controller == null) {
            journal.add(cycle, Kind.ACTION_SKIPPED, initiator, "", hostId, PowerEvents.skipped(on, "", reason,
                    initiator, "no power controller " + (on ? "switches" : "can switch off") + " host " + hostId));
            return;
        }
        String via = name(controller);
        Instant started = clock.instant();
        PowerActionInfo info = new PowerActionInfo(hostId, on ? JournalEvent.POWER_ON : JournalEvent.POWER_OFF, via,
                initiator, started);
        Running running = new Running(info, new PowerOverlay(reported, on ? PowerState.BOOTING
                : PowerState.SHUTTING_DOWN));
        Running busy = inProgress.putIfAbsent(hostId, running);
        if (busy != null) {
            journal.add(cycle, Kind.ACTION_SKIPPED, initiator, "", hostId, PowerEvents.skipped(on, via, reason,
                    initiator, verb(busy.info()) + " through " + busy.info().controller() + " is still in progress on "
                            + hostId));
            return;
        }
        settling.remove(hostId);
        try {
            workers.execute(() -> carryOut(controller, running, on, reason, cycle, settle));
        } catch (RuntimeException e) {
            inProgress.remove(hostId, running);
            throw e;
        }
    }

    private void carryOut(PowerController controller, Running running, boolean on, String reason, long cycle,
                          Duration settle) {
        PowerActionInfo info = running.info();
        String host = info.hostId();
        long t0 = System.nanoTime();
        try {
            if (on) {
                controller.powerOn(host);
            } else {
                controller.powerOff(host);
            }
            settling.put(host, new Settling(running.overlay(), clock.instant().plus(settle)));
            journal.add(cycle, Kind.ACTION_SUCCEEDED, info.initiator(), "", host, PowerEvents.done(on,
                    info.controller(), reason, info.initiator(), Duration.ofNanos(System.nanoTime() - t0)));
        } catch (PowerException | RuntimeException e) {
            journal.add(cycle, Kind.ACTION_FAILED, info.initiator(), "", host, PowerEvents.failed(on,
                    info.controller(), reason, info.initiator(), e.getMessage(),
                    Duration.ofNanos(System.nanoTime() - t0)));
        } finally {
            // Journaled before the host is let go: whoever sees it free finds the outcome in the journal.
            inProgress.remove(host, running);
            ended.run();
        }
    }

    /** Host id to how it is to be shown while its driver has not seen the change yet. */
    Map<String, PowerOverlay> overlays(Instant now) {
        Map<String, PowerOverlay> result = new HashMap<>();
        settling.forEach((host, s) -> {
            if (now.isBefore(s.until())) {
                result.put(host, s.overlay());
            } else {
                settling.remove(host, s);
            }
        });
        inProgress.forEach((host, r) -> result.put(host, r.overlay()));
        return result;
    }

    /** Power actions in progress, by host. */
    List<PowerActionInfo> inProgress() {
        return inProgress.values().stream().map(Running::info)
                .sorted((a, b) -> a.hostId().compareTo(b.hostId())).toList();
    }

    /** The first bound controller that can switch the host this way, or null. */
    private PowerController controllerFor(String hostId, boolean on) {
        for (PowerController c : controllers) {
            try {
                if (on ? c.controls(hostId) : c.canPowerOff(hostId)) {
                    return c;
                }
            } catch (RuntimeException e) {
                LOG.warn("Power controller failed to say whether it controls {}: {}", hostId, e.toString());
            }
        }
        return null;
    }

    private static String verb(PowerActionInfo info) {
        return JournalEvent.POWER_ON.equals(info.action()) ? "power on" : "power off";
    }

    private static String name(PowerController controller) {
        try {
            return controller.name();
        } catch (RuntimeException e) {
            return controller.getClass().getName();
        }
    }
}
