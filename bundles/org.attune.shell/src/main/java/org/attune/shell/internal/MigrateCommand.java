package org.attune.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.attune.api.ClusterView;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationProgress;
import org.attune.api.driver.MigrationResult;

/** Migrates a guest now and, unless asked not to, follows the migration to its end. */
@Service
@Command(scope = "attune", name = "migrate", description = "Migrates a guest to another host (live unless --offline) and shows its progress.")
public class MigrateCommand extends AttuneCommandSupport {

    @Argument(index = 0, name = "guest", required = true, description = "The guest to move (name or id)")
    @Completion(GuestCompleter.class)
    String guest;

    @Argument(index = 1, name = "host", required = true, description = "The target host (name or id)")
    @Completion(HostCompleter.class)
    String host;

    @Option(name = "--offline", description = "Pause the guest while it is copied (regular migration) instead of a live one")
    boolean offline;

    @Option(name = "--async", description = "Return as soon as the migration has started")
    boolean async;

    @Option(name = "--bandwidth", description = "Bandwidth limit in MiB/s (default: the driver's)")
    Long bandwidthMiBps;

    @Option(name = "--max-downtime", description = "Longest acceptable pause at the end of a live migration, in ms")
    Long maxDowntimeMillis;

    @Option(name = "--timeout", description = "Abort the migration after this many seconds")
    Long timeoutSeconds;

    private Duration progressInterval = Duration.ofMillis(500);

    /** How often progress is printed; tests shorten it. */
    void setProgressInterval(Duration interval) {
        this.progressInterval = interval;
    }

    @Override
    protected void doExecute() throws Exception {
        MigrationOptions options = options();
        ClusterView view = orchestrator.currentView();
        MigrationJob job = orchestrator.migrate(guest, host, options);
        String name = Names.guestName(view, job.guestId());
        String from = Names.hostName(view, job.sourceHostId());
        String to = Names.hostName(view, job.targetHostId());
        PrintStream out = out();
        out.printf("Migrating %s from %s to %s (%s)%n", name, from, to, Format.lower(options.mode()));
        if (async) {
            out.printf("Running in the background; follow it with attune:guest-list or attune:journal --guest %s%n", name);
            return;
        }
        CompletableFuture<MigrationResult> pending = job.result().toCompletableFuture();
        MigrationResult result;
        while (true) {
            try {
                result = pending.get(progressInterval.toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException stillRunning) {
                out.println("  " + progressLine(job));
                out.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.printf("Stopped following; the migration of %s goes on (attune:guest-list shows it)%n", name);
                return;
            } catch (ExecutionException e) {
                // The contract says result() never completes exceptionally; report it if a driver does.
                throw new IllegalStateException("Migration of " + name + " to " + to + " failed: " + e.getCause(), e);
            }
        }
        if (!result.succeeded()) {
            throw new IllegalStateException(String.format("Migration of %s from %s to %s %s after %s%s", name, from, to,
                    result.outcome(), Format.duration(result.total()),
                    result.detail().isEmpty() ? "" : ": " + result.detail()));
        }
        out.printf("%s %s -> %s: %s in %s, downtime %s, %s transferred%n", name, from, to, result.outcome(),
                Format.duration(result.total()), Format.duration(result.downtime()),
                Format.bytes(result.bytesTransferred()));
    }

    MigrationOptions options() {
        MigrationOptions options = offline ? MigrationOptions.regular() : MigrationOptions.live();
        if (bandwidthMiBps != null) {
            if (bandwidthMiBps <= 0) {
                throw new IllegalArgumentException("--bandwidth must be a positive number of MiB/s, was " + bandwidthMiBps);
            }
            options = options.withBandwidth(bandwidthMiBps);
        }
        if (maxDowntimeMillis != null) {
            if (maxDowntimeMillis <= 0) {
                throw new IllegalArgumentException("--max-downtime must be a positive number of ms, was " + maxDowntimeMillis);
            }
            options = options.withMaxDowntime(Duration.ofMillis(maxDowntimeMillis));
        }
        if (timeoutSeconds != null) {
            if (timeoutSeconds <= 0) {
                throw new IllegalArgumentException("--timeout must be a positive number of seconds, was " + timeoutSeconds);
            }
            options = options.withTimeout(Duration.ofSeconds(timeoutSeconds));
        }
        return options;
    }

    private static String progressLine(MigrationJob job) {
        MigrationProgress p = job.progress();
        String elapsed = Format.duration(Duration.between(job.started(), Instant.now()));
        if (p == null || p.fractionDone() < 0) {
            return elapsed + "  in progress" + (p != null && p.transferredBytes() >= 0
                    ? ", " + Format.bytes(p.transferredBytes()) + " transferred" : "");
        }
        return String.format("%s  %s  %s of %s%s", elapsed, Format.percent(p.fractionDone()),
                Format.bytes(p.transferredBytes()), Format.bytes(p.totalBytes()),
                p.iteration() > 1 ? " (round " + p.iteration() + ")" : "");
    }
}
