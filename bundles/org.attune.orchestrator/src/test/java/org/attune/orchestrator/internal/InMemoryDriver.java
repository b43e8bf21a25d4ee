package org.attune.orchestrator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.attune.api.Availability;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.PowerState;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.DriverStatus;
import org.attune.api.driver.HypervisorDriver;
import org.attune.api.driver.Inventory;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationProgress;
import org.attune.api.driver.MigrationResult;

/**
 * A driver whose migrations end only when the test says so: lets the loop's executor, limits, cooldown and
 * timeouts be tested exactly. (The simulated cluster is exercised against the loop in the itests.)
 */
final class InMemoryDriver implements HypervisorDriver {

    final class Job implements MigrationJob {
        final String guest;
        final String from;
        final String to;
        final MigrationOptions options;
        final CompletableFuture<MigrationResult> result = new CompletableFuture<>();
        volatile String abortReason;

        Job(String guest, String from, String to, MigrationOptions options) {
            this.guest = guest;
            this.from = from;
            this.to = to;
            this.options = options;
        }

        void succeed() {
            synchronized (InMemoryDriver.this) {
                placement.put(guest, to);
            }
            result.complete(new MigrationResult(guest, from, to, options.mode(), MigrationResult.Outcome.SUCCEEDED, "",
                    Duration.ofMillis(1500), Duration.ofMillis(20), 1 << 20, to));
        }

        @Override public String guestId() { return guest; }
        @Override public String sourceHostId() { return from; }
        @Override public String targetHostId() { return to; }
        @Override public MigrationOptions options() { return options; }
        @Override public Instant started() { return Instant.EPOCH; }
        @Override public MigrationProgress progress() { return new MigrationProgress(100, 50, 50, 1); }
        @Override public CompletionStage<MigrationResult> result() { return result; }

        @Override
        public void abort(String reason) {
            abortReason = reason;
            result.complete(new MigrationResult(guest, from, to, options.mode(), MigrationResult.Outcome.ABORTED,
                    reason, Duration.ofSeconds(1), null, -1, from));
        }
    }

    private final String id;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, Guest> guests = new LinkedHashMap<>();
    private final Map<String, String> placement = new HashMap<>();
    final List<Job> jobs = new ArrayList<>();

    InMemoryDriver(String id) {
        this.id = id;
    }

    synchronized InMemoryDriver host(String name, double capacity, long memory) {
        hosts.put(name, new Host(name, name, id, capacity, 2, memory, PowerState.ON, Availability.ONLINE, ""));
        return this;
    }

    synchronized InMemoryDriver guest(String name, String host, long memory) {
        return guest(name, host, memory, 1);
    }

    synchronized InMemoryDriver guest(String name, String host, long memory, int vcpus) {
        guests.put(name, new Guest(name, name, vcpus, memory, "", "app", Map.of(), GuestState.RUNNING));
        placement.put(name, host);
        return this;
    }

    /** Sets a host's power state, as the hypervisor would report it. */
    synchronized InMemoryDriver power(String hostId, PowerState state) {
        hosts.put(hostId, hosts.get(hostId).withPower(state));
        return this;
    }

    synchronized PowerState power(String hostId) {
        return hosts.get(hostId).power();
    }

    synchronized String hostOf(String guest) {
        return placement.get(guest);
    }

    synchronized Job lastJob() {
        return jobs.get(jobs.size() - 1);
    }

    synchronized Job job(String guest) {
        for (int i = jobs.size() - 1; i >= 0; i--) {
            if (jobs.get(i).guest.equals(guest)) {
                return jobs.get(i);
            }
        }
        throw new IllegalStateException("no migration of " + guest);
    }

    synchronized List<Job> jobs() {
        return List.copyOf(jobs);
    }

    @Override public String id() { return id; }
    @Override public DriverStatus status() { return DriverStatus.online("in memory"); }

    @Override
    public synchronized Inventory inventory() {
        return new Inventory(id, List.copyOf(hosts.values()), List.copyOf(guests.values()), placement);
    }

    @Override
    public synchronized MigrationJob migrate(String guestId, String targetHostId, MigrationOptions options)
            throws DriverException {
        if (!guests.containsKey(guestId)) {
            throw new DriverException("unknown guest " + guestId);
        }
        Job job = new Job(guestId, placement.get(guestId), targetHostId, options);
        jobs.add(job);
        return job;
    }

    @Override public void startGuest(String guestId) { }
    @Override public void stopGuest(String guestId) { }

}
