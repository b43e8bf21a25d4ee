package org.attune.orchestrator.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.provision.Provisioner;

/**
 * The bound provisioners, each told on a worker of every migration that succeeded; one that fails is journaled.
 * Thread-safe.
 */
final class Provisioners {

    private final Journal journal;
    private final Executor workers;
    private final LongSupplier cycles;
    private final List<Provisioner> provisioners = new CopyOnWriteArrayList<>();

    /** @param cycles the current cycle number, for the journal */
    Provisioners(Journal journal, Executor workers, LongSupplier cycles) {
        this.journal = journal;
        this.workers = workers;
        this.cycles = cycles;
    }

    void add(Provisioner provisioner) {
        provisioners.add(provisioner);
    }

    void remove(Provisioner provisioner) {
        provisioners.remove(provisioner);
    }

    /** Tells every provisioner that a migration succeeded. */
    void migrated(MigrationExecutor.Tracked t) {
        for (Provisioner p : provisioners) {
            try {
                // Provisioners may block; never on the driver thread that completed the migration.
                workers.execute(() -> tell(p, t));
            } catch (RejectedExecutionException e) {
                // The orchestrator is stopping.
            }
        }
    }

    private void tell(Provisioner p, MigrationExecutor.Tracked t) {
        try {
            p.migrated(t.guest(), t.fromHostId(), t.toHostId());
        } catch (Exception e) {
            journal.add(cycles.getAsLong(), Kind.ERROR, t.initiator(), t.guest().name(), t.toHostId(),
                    LoopEvents.provisionerFailed(p.name(), t.fromHostId(), t.toHostId(), e.getMessage()));
        }
    }
}
