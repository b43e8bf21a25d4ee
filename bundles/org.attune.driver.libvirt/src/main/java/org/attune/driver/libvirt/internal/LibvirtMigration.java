package org.attune.driver.libvirt.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.attune.api.Guest;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationMode;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationProgress;
import org.attune.api.driver.MigrationResult;
import org.attune.api.driver.MigrationResult.Outcome;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainJobInfo;
import org.libvirt.DomainJobStats;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.TypedIntParameter;
import org.libvirt.TypedLongParameter;
import org.libvirt.TypedParameter;
import org.libvirt.TypedUintParameter;
import org.libvirt.TypedUlongParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One libvirt migration. The blocking, client-driven {@code virDomainMigrate} call runs on a dedicated thread over
 * two connections of its own (source and target), so the hosts' threads stay free. Progress comes from the job
 * statistics, read on the source host's own thread and connection every 250 ms; {@link #abort} asks libvirt to
 * cancel the job from there too. When the call returns, success or not, both hosts are refreshed before the result
 * completes, so the inventory shows the guest on exactly the host libvirt runs it on.
 */
final class LibvirtMigration implements MigrationJob {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtMigration.class);
    static final Duration PROGRESS_PERIOD = Duration.ofMillis(250);
    /** libvirt's job types ({@code virDomainJobType}). */
    private static final int JOB_NONE = 0;
    /** Post-copy starts once the first full pre-copy pass is over (as virsh's --postcopy-after-precopy). */
    private static final int POSTCOPY_AFTER_ITERATION = 2;

    /** What libvirt said about a job: -1 (or null) for what it did not say. */
    record JobFigures(long elapsedMillis, long downtimeMillis, long total, long processed, long remaining,
                      int iteration) {

        static final JobFigures NONE = new JobFigures(-1, -1, -1, -1, -1, 0);

        MigrationProgress progress() {
            return new MigrationProgress(total, processed, remaining, iteration);
        }
    }

    /** Ends a job: refreshes the hosts and says where the guest is now. */
    interface Ending {
        String migrationEnded(LibvirtMigration job);
    }

    private final Guest guest;
    private final LibvirtHost source;
    private final LibvirtHost target;
    private final MigrationOptions options;
    private final Ending ending;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<MigrationResult> result = new CompletableFuture<>();
    private final AtomicReference<String> abortReason = new AtomicReference<>();
    private final Thread thread;

    private volatile MigrationProgress progress = MigrationProgress.UNKNOWN;
    /** True while the virDomainMigrate call runs. */
    private volatile boolean running;
    // Confined to the source host's thread.
    private boolean abortSent;
    private boolean maxDowntimePending;
    private boolean postCopyDone;
    private String lastPollError;

    LibvirtMigration(Guest guest, LibvirtHost source, LibvirtHost target, MigrationOptions options, Ending ending) {
        this.guest = guest;
        this.source = source;
        this.target = target;
        this.options = options;
        this.ending = ending;
        this.thread = new Thread(this::run, "attune-libvirt-migrate-" + guest.name());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public String guestId() {
        return guest.id();
    }

    String guestName() {
        return guest.name();
    }

    @Override
    public String sourceHostId() {
        return source.name();
    }

    @Override
    public String targetHostId() {
        return target.name();
    }

    @Override
    public MigrationOptions options() {
        return options;
    }

    @Override
    public Instant started() {
        return started;
    }

    @Override
    public MigrationProgress progress() {
        return progress;
    }

    @Override
    public CompletionStage<MigrationResult> result() {
        return result;
    }

    @Override
    public void abort(String reason) {
        if (result.isDone()) {
            return;
        }
        String why = reason == null || reason.isBlank() ? "aborted" : reason;
        if (!abortReason.compareAndSet(null, why)) {
            return;
        }
        LOG.info("Aborting migration of guest {} from {} to {}: {}", guest.name(), source.name(), target.name(), why);
        // Right away if the job runs; otherwise the run checks the flag before it starts, and the progress poll
        // retries until libvirt has a job to cancel.
        source.submit(c -> {
            tryAbort(c);
            return null;
        });
    }

    /** libvirt's flags for these options. */
    static long flags(MigrationOptions options, boolean persistent) {
        long flags = 0;
        boolean live = options.mode() == MigrationMode.LIVE;
        if (live) {
            flags |= Domain.MigrateFlags.LIVE;
            if (options.autoConverge()) {
                flags |= Domain.MigrateFlags.AUTO_CONVERGE;
            }
            if (options.postCopy()) {
                flags |= Domain.MigrateFlags.POSTCOPY;
            }
        }
        if (persistent) {
            // The guest stays defined exactly once: on its new host.
            flags |= Domain.MigrateFlags.PERSIST_DEST | Domain.MigrateFlags.UNDEFINE_SOURCE;
        }
        if (options.compressed()) {
            flags |= Domain.MigrateFlags.COMPRESSED;
        }
        return flags;
    }

    private void run() {
        Connect src = null;
        Connect dst = null;
        Domain domain = null;
        Domain moved = null;
        ScheduledFuture<?> poller = null;
        Outcome outcome;
        String detail;
        JobFigures figures = JobFigures.NONE;
        long endNanos;
        try {
            if (abortReason.get() != null) {
                throw new Aborted();
            }
            src = source.openDedicated();
            dst = target.openDedicated();
            domain = src.domainLookupByUUIDString(guest.id());
            long flags = flags(options, domain.isPersistent() == 1);
            applyMaxDowntime(domain);
            poller = source.every(PROGRESS_PERIOD, this::poll);
            if (abortReason.get() != null) {
                throw new Aborted();
            }
            String uri = target.settings().migrationUri();
            LOG.info("Migrating guest {} from {} to {}: {}{}{}", guest.name(), source.name(), target.name(),
                    options.mode().name().toLowerCase(Locale.ROOT), uri == null ? "" : " via " + uri,
                    options.bandwidthMiBps() > 0 ? ", " + options.bandwidthMiBps() + " MiB/s" : "");
            running = true;
            moved = domain.migrate(dst, flags, null, uri, options.bandwidthMiBps());
            running = false;
            endNanos = System.nanoTime();
            figures = completedFigures(moved, domain);
            outcome = Outcome.SUCCEEDED;
            detail = successDetail(endNanos, figures);
        } catch (Aborted e) {
            endNanos = System.nanoTime();
            outcome = Outcome.ABORTED;
            detail = "aborted before it started: " + abortReason.get();
        } catch (LibvirtException e) {
            endNanos = System.nanoTime();
            String why = Errors.describe(e);
            if (abortReason.get() != null && (running || Errors.code(e) == ErrorNumber.VIR_ERR_OPERATION_ABORTED)) {
                outcome = Outcome.ABORTED;
                detail = "aborted: " + abortReason.get() + " (" + why + ")";
            } else {
                outcome = Outcome.FAILED;
                detail = why;
            }
        } catch (DriverException e) {
            endNanos = System.nanoTime();
            outcome = Outcome.FAILED;
            detail = e.getMessage();
        } catch (RuntimeException e) {
            endNanos = System.nanoTime();
            outcome = Outcome.FAILED;
            detail = "unexpected failure: " + LibvirtRuntime.describe(e);
            LOG.warn("Migration of guest {} failed unexpectedly", guest.name(), e);
        } finally {
            running = false;
            if (poller != null) {
                poller.cancel(false);
            }
            if (moved != null) {
                LibvirtHost.free(moved);
            }
            if (domain != null) {
                LibvirtHost.free(domain);
            }
            LibvirtHost.closeQuietly(src);
            LibvirtHost.closeQuietly(dst);
        }
        Duration total = Duration.ofNanos(endNanos - startNanos);
        if (outcome == Outcome.SUCCEEDED && figures.total() >= 0) {
            progress = new MigrationProgress(figures.total(), Math.max(0, figures.processed()), 0,
                    Math.max(1, figures.iteration()));
        }
        String finalHost;
        try {
            finalHost = ending.migrationEnded(this);
        } catch (RuntimeException e) {
            LOG.warn("Refreshing hosts after the migration of guest {} failed", guest.name(), e);
            finalHost = outcome == Outcome.SUCCEEDED ? target.name() : source.name();
        }
        Duration downtime = figures.downtimeMillis() >= 0 ? Duration.ofMillis(figures.downtimeMillis()) : null;
        long bytes = figures.processed();
        MigrationResult r = new MigrationResult(guest.id(), source.name(), target.name(), options.mode(), outcome,
                detail, total, downtime, bytes, finalHost);
        if (outcome == Outcome.SUCCEEDED) {
            LOG.info("Migrated guest {} from {} to {}: {}", guest.name(), source.name(), target.name(), detail);
        } else {
            LOG.warn("Migration of guest {} from {} to {} {}: {}; it runs on {}", guest.name(), source.name(),
                    target.name(), outcome.name().toLowerCase(Locale.ROOT), detail, finalHost);
        }
        result.complete(r);
    }

    private static final class Aborted extends Exception {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super(null, null, false, false);
        }
    }

    private String successDetail(long endNanos, JobFigures f) {
        StringBuilder b = new StringBuilder("migrated in ")
                .append(millis(Duration.ofNanos(endNanos - startNanos).toMillis()));
        if (f.elapsedMillis() >= 0) {
            b.append(" (libvirt job ").append(millis(f.elapsedMillis())).append(')');
        }
        b.append(f.downtimeMillis() >= 0 ? ", downtime " + f.downtimeMillis() + " ms" : ", downtime unknown");
        if (f.processed() >= 0) {
            b.append(", ").append(String.format(Locale.ROOT, "%.1f MiB", f.processed() / 1048576.0)).append(" sent");
        }
        return b.toString();
    }

    private static String millis(long ms) {
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private void applyMaxDowntime(Domain domain) {
        if (options.mode() != MigrationMode.LIVE || options.maxDowntime() == null) {
            return;
        }
        try {
            domain.migrateSetMaxDowntime(Math.max(1, options.maxDowntime().toMillis()));
        } catch (LibvirtException e) {
            // Some libvirt versions accept it only while the job runs: the progress poll retries then.
            LOG.debug("guest {}: max downtime before start refused ({}); retrying once the job runs", guest.name(),
                    Errors.describe(e));
            maxDowntimePending = true;
        }
    }

    /** On the source host's thread, every {@link #PROGRESS_PERIOD}. */
    private Void poll(Connect c) throws LibvirtException {
        if (!running) {
            return null;
        }
        Domain d;
        try {
            d = c.domainLookupByUUIDString(guest.id());
        } catch (LibvirtException e) {
            return null; // gone from the source: the migration is finishing
        }
        try {
            tryAbortOn(d);
            JobFigures f = figures(d, 0);
            if (f.total() >= 0 || f.processed() >= 0) {
                progress = f.progress();
            }
            if (maxDowntimePending && f != JobFigures.NONE) {
                d.migrateSetMaxDowntime(Math.max(1, options.maxDowntime().toMillis()));
                maxDowntimePending = false;
            }
            if (options.postCopy() && options.mode() == MigrationMode.LIVE && !postCopyDone
                    && f.iteration() >= POSTCOPY_AFTER_ITERATION) {
                postCopyDone = true;
                String why = PostCopy.start(d);
                if (why == null) {
                    LOG.info("guest {}: switched to post-copy after pre-copy pass {}", guest.name(), f.iteration() - 1);
                } else {
                    LOG.info("guest {}: post-copy not started: {}", guest.name(), why);
                }
            }
            lastPollError = null;
        } catch (LibvirtException e) {
            String why = Errors.describe(e);
            if (!why.equals(lastPollError)) {
                LOG.debug("guest {}: no migration progress: {}", guest.name(), why);
                lastPollError = why;
            }
        } finally {
            LibvirtHost.free(d);
        }
        return null;
    }

    private void tryAbort(Connect c) {
        if (!running || abortSent) {
            return;
        }
        Domain d;
        try {
            d = c.domainLookupByUUIDString(guest.id());
        } catch (LibvirtException e) {
            return;
        }
        try {
            tryAbortOn(d);
        } finally {
            LibvirtHost.free(d);
        }
    }

    private void tryAbortOn(Domain d) {
        if (abortReason.get() == null || abortSent || !running) {
            return;
        }
        try {
            d.abortJob();
            abortSent = true;
        } catch (LibvirtException e) {
            LOG.debug("guest {}: abort not accepted yet: {}", guest.name(), Errors.describe(e));
        }
    }

    /** Statistics of the finished job: on the target (it keeps the incoming job's), else on the source. */
    private JobFigures completedFigures(Domain moved, Domain original) {
        for (Domain d : new Domain[] {moved, original}) {
            try {
                JobFigures f = figures(d, Domain.DomainGetJobStatsFlags.COMPLETED);
                if (f != JobFigures.NONE) {
                    return f;
                }
            } catch (LibvirtException e) {
                LOG.debug("guest {}: no completed job statistics: {}", guest.name(), Errors.describe(e));
            }
        }
        return JobFigures.NONE;
    }

    /** Job statistics, from virDomainGetJobStats, or virDomainGetJobInfo where that is all there is. */
    static JobFigures figures(Domain d, int flags) throws LibvirtException {
        DomainJobStats stats;
        try {
            stats = d.getJobStats(flags);
        } catch (LibvirtException e) {
            if (flags != 0 || Errors.code(e) != ErrorNumber.VIR_ERR_NO_SUPPORT) {
                throw e;
            }
            DomainJobInfo info = d.getJobInfo();
            if (info.getType() == JOB_NONE) {
                return JobFigures.NONE;
            }
            return new JobFigures(info.getTimeElapsed(), -1, info.getDataTotal(), info.getDataProcessed(),
                    info.getDataRemaining(), 0);
        }
        if (stats == null || stats.type == JOB_NONE || stats.stats == null) {
            return JobFigures.NONE;
        }
        TypedParameter[] p = stats.stats;
        long total = first(p, "data_total", "memory_total");
        long processed = first(p, "data_processed", "memory_processed");
        long remaining = first(p, "data_remaining", "memory_remaining");
        long iteration = value(p, "memory_iteration");
        return new JobFigures(value(p, "time_elapsed"), value(p, "downtime"), total, processed, remaining,
                (int) Math.max(0, Math.min(Integer.MAX_VALUE, iteration)));
    }

    private static long first(TypedParameter[] params, String a, String b) {
        long v = value(params, a);
        return v >= 0 ? v : value(params, b);
    }

    /** A numeric parameter's value, -1 when absent. */
    static long value(TypedParameter[] params, String field) {
        for (TypedParameter p : params) {
            if (p == null || !field.equals(p.field)) {
                continue;
            }
            if (p instanceof TypedUlongParameter u) {
                return u.value;
            }
            if (p instanceof TypedLongParameter l) {
                return l.value;
            }
            if (p instanceof TypedUintParameter u) {
                return Integer.toUnsignedLong(u.value);
            }
            if (p instanceof TypedIntParameter i) {
                return i.value;
            }
        }
        return -1;
    }
}
