package org.attune.orchestrator.internal;

import java.util.ArrayList;
import java.util.List;

import org.attune.api.orchestrator.OrchestratorStatus.PendingActionInfo;
import org.attune.api.policy.Action;
import org.attune.model.validation.Refusal;

/**
 * The deferred actions waiting to be validated again, in their plan's order (they all come from one plan).
 * Thread-safe: the loop's conductor changes it one change at a time; status readers may look at it from any thread.
 */
final class PendingQueue {

    /** A deferred action waiting to be validated again. */
    record Pending(Action action, String guest, String initiator, long cycle, Refusal waitingFor) {

        /** The same action, deferred again for another reason. */
        Pending stillWaiting(Refusal why) {
            return new Pending(action, guest, initiator, cycle, why);
        }
    }

    private final List<Pending> pending = new ArrayList<>();

    synchronized void addAll(List<Pending> deferred) {
        pending.addAll(deferred);
    }

    /** The waiting actions now, in order. */
    synchronized List<Pending> list() {
        return List.copyOf(pending);
    }

    /** What waits from now on, in place of all that waited. */
    synchronized void replace(List<Pending> waiting) {
        pending.clear();
        pending.addAll(waiting);
    }

    /** Empties the queue; returns what waited. */
    synchronized List<Pending> drain() {
        List<Pending> all = List.copyOf(pending);
        pending.clear();
        return all;
    }

    synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    synchronized int size() {
        return pending.size();
    }

    /** The waiting actions, in order: what to validate again. */
    synchronized List<Action> actions() {
        return pending.stream().map(Pending::action).toList();
    }

    /** Who the waiting actions belong to, "" when none wait. */
    synchronized String initiator() {
        return pending.isEmpty() ? "" : pending.get(0).initiator();
    }

    /** The waiting actions as the status shows them. */
    synchronized List<PendingActionInfo> info() {
        return pending.stream().map(p -> {
            String from = p.action() instanceof Action.Migrate m ? m.fromHostId() : "";
            return new PendingActionInfo(JournalEvent.actionName(p.action()), p.guest(), from,
                    ValidatePhase.hostOf(p.action()), p.waitingFor().code().name(), p.waitingFor().message(),
                    p.initiator(), p.cycle());
        }).toList();
    }
}
