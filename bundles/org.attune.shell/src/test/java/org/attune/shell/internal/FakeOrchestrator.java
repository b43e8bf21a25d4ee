package org.attune.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.MetricHistory;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.DriverStatus;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationProgress;
import org.attune.api.driver.MigrationResult;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.orchestrator.Mode;
import org.attune.api.orchestrator.Orchestrator;
import org.attune.api.orchestrator.OrchestratorStatus;
import org.attune.api.orchestrator.PolicyInfo;
import org.attune.api.policy.Plan;

/**
 * A hand-written {@link Orchestrator} for command tests: it holds a settable view, records the calls made
 * and answers like the real one (names or ids accepted, {@link IllegalArgumentException} naming what exists).
 */
class FakeOrchestrator implements Orchestrator {

    static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");
    static final String FRONT = "6f1c1e7a-0000-4000-8000-000000000001";
    static final String APP1 = "6f1c1e7a-0000-4000-8000-000000000002";
    static final String APP2 = "6f1c1e7a-0000-4000-8000-000000000003";

    /** Calls made, one line each, e.g. "setMode AUTOMATIC". */
    final List<String> calls = new ArrayList<>();
    final List<JournalQuery> journalQueries = new ArrayList<>();
    final List<MigrationOptions> migrationOptions = new ArrayList<>();
    final List<JournalEntry> journal = new ArrayList<>();
    final List<PolicyInfo> policies = new ArrayList<>(List.of(
            new PolicyInfo("threshold", "org.attune.policy.threshold", true),
            new PolicyInfo("noop", "org.attune.policy.noop", false)));

    ClusterView view = sampleView();
    Mode mode = Mode.RECOMMEND;
    Plan plan = Plan.empty("threshold");
    Duration period = Duration.ofSeconds(1);
    /** What a migration job does; replaced by tests. */
    Function<MigrationRequest, FakeJob> jobs = r -> FakeJob.succeeding(r, 0);

    record MigrationRequest(String guestId, String sourceHostId, String targetHostId, MigrationOptions options) {
    }

    /** Three hosts (ids differ from names, as with real drivers); front, app1 and app2 on host1. */
    static ClusterView sampleView() {
        List<Host> hosts = List.of(
                new Host("sim-h1", "host1", "sim", 4000, 4, 8192, PowerState.ON, Availability.ONLINE, ""),
                new Host("sim-h2", "host2", "sim", 4000, 4, 8192, PowerState.ON, Availability.ONLINE, ""),
                new Host("sim-h3", "host3", "sim", 2000, 2, 4096, PowerState.ON, Availability.OFFLINE, "connection refused"));
        List<Guest> guests = List.of(
                new Guest(FRONT, "front", 1, 1024, "", "web", Map.of(), GuestState.RUNNING),
                new Guest(APP1, "app1", 2, 2048, "", "app", Map.of(), GuestState.RUNNING),
                new Guest(APP2, "app2", 2, 2048, "", "app", Map.of(), GuestState.RUNNING));
        long t = T0.toEpochMilli();
        MetricHistory metrics = new MetricHistory(Map.of(
                new MetricHistory.Key(Subject.host("sim-h1"), Metrics.CPU_UTILIZATION), Series.regular(t, 1000, 0.5, 0.9),
                new MetricHistory.Key(Subject.host("sim-h2"), Metrics.CPU_UTILIZATION), Series.regular(t, 1000, 0.1),
                new MetricHistory.Key(Subject.guest(FRONT), Metrics.CPU_DEMAND), Series.regular(t, 1000, 400),
                new MetricHistory.Key(Subject.guest(APP1), Metrics.CPU_DEMAND), Series.regular(t, 1000, 1800),
                new MetricHistory.Key(Subject.guest(APP2), Metrics.CPU_DEMAND), Series.regular(t, 1000, 1800)));
        return ClusterView.builder().time(T0).cycle(7).hosts(hosts).guests(guests)
                .placement(Map.of(FRONT, "sim-h1", APP1, "sim-h1", APP2, "sim-h1")).metrics(metrics).build();
    }

    /** The sample view with app2 migrating to host2, half done. */
    static ClusterView withApp2Migrating() {
        return sampleView().toBuilder()
                .inFlight(List.of(new MigrationInFlight(APP2, "sim-h1", "sim-h2", T0, 0.5))).build();
    }

    void addJournal(long cycle, JournalEntry.Kind kind, String guest, String host, String message) {
        journal.add(new JournalEntry(journal.size() + 1, T0.plusSeconds(journal.size()), cycle, kind, "threshold",
                guest, host, message));
    }

    @Override
    public OrchestratorStatus status() {
        calls.add("status");
        return new OrchestratorStatus(mode, period, 42, T0, Duration.ofMillis(3), activePolicy(), "threshold",
                List.of(new OrchestratorStatus.DriverInfo("sim", "sim", 3, 3,
                        new DriverStatus(Availability.ONLINE, "simulating 3 hosts", List.of("host4: bad capacity")))),
                List.of("cpu"), 1, List.of("probe cpu: timed out"),
                List.of(new OrchestratorStatus.PowerActionInfo("sim-h3", "power-on", "sim:sim", "energy", T0)),
                List.of(new OrchestratorStatus.PendingActionInfo("migrate", "app1", "sim-h1", "sim-h3", "BOOTING",
                        "waits for host3 to finish booting", "energy", 41)));
    }

    @Override
    public ClusterView view() {
        return view;
    }

    @Override
    public ClusterView currentView() {
        return view;
    }

    @Override
    public Mode mode() {
        return mode;
    }

    @Override
    public void setMode(Mode newMode) {
        calls.add("setMode " + newMode);
        mode = newMode;
    }

    @Override
    public List<PolicyInfo> policies() {
        return List.copyOf(policies);
    }

    @Override
    public String activePolicy() {
        return policies.stream().filter(PolicyInfo::active).map(PolicyInfo::name).findFirst().orElse("");
    }

    @Override
    public void usePolicy(String name) {
        if (policies.stream().noneMatch(p -> p.name().equals(name))) {
            throw new IllegalArgumentException("No policy '" + name + "'; installed: "
                    + policies.stream().map(PolicyInfo::name).collect(Collectors.joining(", ")));
        }
        calls.add("usePolicy " + name);
        policies.replaceAll(p -> new PolicyInfo(p.name(), p.bundle(), p.name().equals(name)));
    }

    @Override
    public Plan proposePlan() {
        calls.add("proposePlan");
        if (activePolicy().isEmpty()) {
            throw new IllegalStateException("No policy is active");
        }
        return plan;
    }

    @Override
    public MigrationJob migrate(String guest, String host, MigrationOptions options) throws DriverException {
        Guest g = Names.findGuest(view, guest).orElseThrow(() -> new IllegalArgumentException(
                "No guest '" + guest + "'; guests: " + String.join(", ", Names.guestNames(view))));
        Host h = Names.findHost(view, host).orElseThrow(() -> new IllegalArgumentException(
                "No host '" + host + "'; hosts: " + String.join(", ", Names.hostNames(view))));
        calls.add("migrate " + guest + " " + host);
        migrationOptions.add(options);
        return jobs.apply(new MigrationRequest(g.id(), view.hostOf(g.id()), h.id(), options));
    }

    @Override
    public List<JournalEntry> journal(JournalQuery query) {
        journalQueries.add(query);
        List<JournalEntry> matching = journal.stream()
                .filter(e -> query.kinds().isEmpty() || query.kinds().contains(e.kind()))
                .filter(e -> query.guest() == null || query.guest().equals(e.guest()))
                .collect(Collectors.toList());
        int from = query.limit() > 0 ? Math.max(0, matching.size() - query.limit()) : 0;
        return List.copyOf(matching.subList(from, matching.size()));
    }

    @Override
    public void runCycle() {
        calls.add("runCycle");
    }

    /** A job that completes after its progress has been asked for a given number of times. */
    static final class FakeJob implements MigrationJob {
        private final MigrationRequest request;
        private final MigrationResult result;
        private final int progressCallsBeforeEnd;
        private final AtomicInteger progressCalls = new AtomicInteger();
        private final CompletableFuture<MigrationResult> future = new CompletableFuture<>();
        final List<String> aborts = new ArrayList<>();

        private FakeJob(MigrationRequest request, MigrationResult result, int progressCallsBeforeEnd) {
            this.request = request;
            this.result = result;
            this.progressCallsBeforeEnd = progressCallsBeforeEnd;
            if (progressCallsBeforeEnd == 0) {
                future.complete(result);
            }
        }

        static FakeJob succeeding(MigrationRequest r, int progressCallsBeforeEnd) {
            return ending(r, MigrationResult.Outcome.SUCCEEDED, "", progressCallsBeforeEnd);
        }

        static FakeJob ending(MigrationRequest r, MigrationResult.Outcome outcome, String detail, int progressCallsBeforeEnd) {
            MigrationResult result = new MigrationResult(r.guestId(), r.sourceHostId(), r.targetHostId(),
                    r.options().mode(), outcome, detail, Duration.ofMillis(2300), Duration.ofMillis(35),
                    2L * 1024 * 1024 * 1024, outcome == MigrationResult.Outcome.SUCCEEDED ? r.targetHostId() : r.sourceHostId());
            return new FakeJob(r, result, progressCallsBeforeEnd);
        }

        boolean done() {
            return future.isDone();
        }

        @Override
        public String guestId() {
            return request.guestId();
        }

        @Override
        public String sourceHostId() {
            return request.sourceHostId();
        }

        @Override
        public String targetHostId() {
            return request.targetHostId();
        }

        @Override
        public MigrationOptions options() {
            return request.options();
        }

        @Override
        public Instant started() {
            return Instant.now();
        }

        @Override
        public MigrationProgress progress() {
            int n = progressCalls.incrementAndGet();
            if (n >= progressCallsBeforeEnd) {
                future.complete(result);
            }
            long total = 2L * 1024 * 1024 * 1024;
            long done = Math.min(total, total * n / Math.max(1, progressCallsBeforeEnd + 1));
            return new MigrationProgress(total, done, total - done, 1);
        }

        @Override
        public CompletionStage<MigrationResult> result() {
            return future;
        }

        @Override
        public void abort(String reason) {
            aborts.add(reason);
        }
    }
}
