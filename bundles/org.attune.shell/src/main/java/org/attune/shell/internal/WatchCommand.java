package org.attune.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.Subject;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;

/**
 * Prints one line per interval with each host's CPU utilisation and guests, and the actions journaled
 * since the previous line, so a user sees the loop at work. Ends after a number of lines or on Ctrl-C.
 */
@Service
@Command(scope = "attune", name = "watch", description = "Follows the cluster: every interval one line with each host's CPU utilisation and guests, plus the actions since the last line.")
public class WatchCommand extends AttuneCommandSupport {

    static final Set<Kind> ACTION_KINDS = EnumSet.of(Kind.ACTION_STARTED, Kind.ACTION_SUCCEEDED, Kind.ACTION_FAILED,
            Kind.ACTION_ABORTED, Kind.ACTION_SKIPPED);

    /** Waits between lines; replaced in tests. */
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    @Option(name = "--cycles", description = "Number of lines to print before returning")
    int cycles = 40;

    @Option(name = "--interval", description = "Milliseconds between lines (default: the orchestrator's period)")
    Long intervalMillis;

    private Pause pause = d -> Thread.sleep(d.toMillis());

    void setPause(Pause pause) {
        this.pause = pause;
    }

    @Override
    protected void doExecute() {
        if (cycles < 1) {
            throw new IllegalArgumentException("--cycles must be at least 1, was " + cycles);
        }
        Duration interval = interval();
        PrintStream out = out();
        out.printf("Mode %s, policy %s; a line every %s, %d lines (Ctrl-C stops)%n", Format.lower(orchestrator.mode()),
                orchestrator.activePolicy().isEmpty() ? "none" : orchestrator.activePolicy(),
                Format.duration(interval), cycles);
        long lastSeen = newestSequence();
        for (int i = 0; i < cycles; i++) {
            if (i > 0) {
                try {
                    pause.pause(interval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            ClusterView view = orchestrator.view();
            out.println(line(view));
            for (JournalEntry e : orchestrator.journal(new JournalQuery(100, null, ACTION_KINDS))) {
                if (e.sequence() > lastSeen) {
                    out.printf("    %s %s %s%s%n", e.kind(), e.guest(),
                            e.host().isEmpty() ? "" : "-> " + Names.hostName(view, e.host()) + " ",
                            e.message().isEmpty() ? "" : "(" + e.message() + ")");
                    lastSeen = e.sequence();
                }
            }
            out.flush();
        }
    }

    private Duration interval() {
        if (intervalMillis != null) {
            if (intervalMillis < 1) {
                throw new IllegalArgumentException("--interval must be at least 1 ms, was " + intervalMillis);
            }
            return Duration.ofMillis(intervalMillis);
        }
        Duration period = orchestrator.status().period();
        return period == null || period.isZero() || period.isNegative() ? Duration.ofSeconds(1) : period;
    }

    private long newestSequence() {
        List<JournalEntry> newest = orchestrator.journal(JournalQuery.last(1));
        return newest.isEmpty() ? -1 : newest.get(newest.size() - 1).sequence();
    }

    /** "12:00:01 #42  host1 87% [app1 app2>host3 front]  host2 5% []" */
    static String line(ClusterView view) {
        StringBuilder sb = new StringBuilder();
        sb.append(Format.time(view.time())).append(" #").append(view.cycle());
        view.hosts().stream().sorted(Names.HOST_ORDER).forEach(h -> {
            sb.append("  ").append(h.name()).append(' ').append(Format.percent(utilisation(view, h)));
            if (!h.usable()) {
                sb.append(' ').append(h.power() == org.attune.api.PowerState.ON
                        ? "OFFLINE" : Format.lower(h.power()));
            }
            List<String> names = new ArrayList<>();
            view.guestsOn(h.id()).stream().sorted(Names.GUEST_ORDER).forEach(g -> names.add(guest(view, g)));
            sb.append(" [").append(String.join(" ", names)).append(']');
        });
        if (view.hosts().isEmpty()) {
            sb.append("  no hosts yet");
        }
        return sb.toString();
    }

    private static double utilisation(ClusterView view, Host h) {
        double measured = view.metrics().latest(Subject.host(h.id()), Metrics.CPU_UTILIZATION, Double.NaN);
        return Double.isNaN(measured) ? view.hostCpuDemand(h.id()) : measured;
    }

    private static String guest(ClusterView view, Guest g) {
        MigrationInFlight m = view.inFlight().get(g.id());
        return m == null ? g.name() : g.name() + ">" + Names.hostName(view, m.toHostId());
    }
}
