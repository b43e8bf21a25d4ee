package org.attune.orchestrator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.attune.api.ClusterView;
import org.attune.api.PowerState;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.orchestrator.JournalQuery;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.Plan;
import org.attune.api.policy.Policy;
import org.attune.api.power.PowerController;
import org.attune.api.power.PowerException;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.junit.jupiter.api.AfterEach;

/**
 * An engine on a hand-moved clock over an {@link InMemoryDriver} (three hosts: h1 and h2 of 4 GiB, h3 of 1 GiB;
 * guests a and b on h1, c on h2), with pending actions processed only when the test says so, and helpers to read
 * the journal's facts.
 */
abstract class EngineTestSupport {

    final TestClock clock = new TestClock();
    final List<ClusterView> seen = new CopyOnWriteArrayList<>();
    final List<PlacementConstraint> constraints = new CopyOnWriteArrayList<>();
    final List<OrchestratorEngine> engines = new ArrayList<>();
    InMemoryDriver driver = new InMemoryDriver("mem").host("h1", 2000, 4096).host("h2", 2000, 4096)
            .host("h3", 2000, 1024).guest("a", "h1", 512).guest("b", "h1", 512).guest("c", "h2", 512);
    OrchestratorEngine engine = engine(OrchestratorSettings.defaults().withCooldown(3), false);

    /** A new engine over {@link #driver}, stopped after the test. */
    OrchestratorEngine engine(OrchestratorSettings settings, boolean pendingOnEvents) {
        return engine(settings, pendingOnEvents, RuntimeStateStore.memory());
    }

    OrchestratorEngine engine(OrchestratorSettings settings, boolean pendingOnEvents, RuntimeStateStore store) {
        OrchestratorEngine e = new OrchestratorEngine(settings, clock, store, pendingOnEvents,
                view -> List.copyOf(constraints));
        e.plugins().addDriver(driver, "memory");
        engines.add(e);
        return e;
    }

    @AfterEach
    void stopEngines() {
        engines.forEach(OrchestratorEngine::stop);
    }

    /** A policy that records the views it sees and answers with the given function. */
    Policy policy(String name, Function<ClusterView, List<Action>> actions) {
        return new Policy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Plan plan(ClusterView view) {
                seen.add(view);
                return new Plan(name, actions.apply(view), List.of());
            }
        };
    }

    /** A policy that proposes the actions once, in its first cycle, and nothing after. */
    Policy once(String name, List<Action> actions) {
        return policy(name, v -> seen.size() == 1 ? actions : List.of());
    }

    List<JournalEntry> entries(Kind kind) {
        return entries(engine, kind);
    }

    static List<JournalEntry> entries(OrchestratorEngine e, Kind kind) {
        return e.journal(JournalQuery.all()).stream().filter(x -> x.kind() == kind).toList();
    }

    /** ACTION_SKIPPED entries with this verdict. */
    List<JournalEntry> verdicts(String verdict) {
        return entries(Kind.ACTION_SKIPPED).stream()
                .filter(e -> e.text(JournalEvent.VERDICT).equals(Optional.of(verdict))).toList();
    }

    static String fact(JournalEntry e, String key) {
        return e.text(key).orElse(null);
    }

    static Action.Migrate move(String guest, String from, String to, String reason) {
        return Action.live(guest, from, to, reason);
    }

    void cycle() {
        cycle(engine);
    }

    void cycle(OrchestratorEngine e) {
        clock.advance(Duration.ofSeconds(1));
        e.runCycle();
    }

    /** The facts every migration entry carries. */
    static void assertMigrationFacts(JournalEntry e, String from, String to, String initiator) {
        org.assertj.core.api.Assertions.assertThat(e.fields()).containsEntry(Fact.ACTION, JournalEvent.MIGRATE)
                .containsEntry(Fact.FROM_HOST, from).containsEntry(Fact.TO_HOST, to)
                .containsEntry(Fact.MIGRATION_MODE, "live").containsEntry(Fact.INITIATOR, initiator);
    }

    /** A power controller for one host that records calls and the thread they came on; optionally fails. */
    static class RecordingController implements PowerController {
        final String host;
        final boolean fail;
        final List<String> calls = new CopyOnWriteArrayList<>();
        InMemoryDriver switches;

        RecordingController(String host, boolean fail) {
            this.host = host;
            this.fail = fail;
        }

        /** Also switches the host in the driver, as a real BMC would make the hypervisor see it. */
        RecordingController switching(InMemoryDriver d) {
            switches = d;
            return this;
        }

        @Override
        public String name() {
            return "rec:" + host;
        }

        @Override
        public boolean controls(String hostId) {
            return host.equals(hostId);
        }

        @Override
        public Optional<PowerState> state(String hostId) {
            return Optional.empty();
        }

        @Override
        public void powerOn(String hostId) throws PowerException {
            calls.add("on " + hostId + " " + Thread.currentThread().getName());
            if (fail) {
                throw new PowerException("BMC of " + hostId + " refused");
            }
            if (switches != null) {
                switches.power(hostId, PowerState.BOOTING);
            }
        }

        @Override
        public void powerOff(String hostId) throws PowerException {
            calls.add("off " + hostId + " " + Thread.currentThread().getName());
            if (fail) {
                throw new PowerException("BMC of " + hostId + " refused");
            }
            if (switches != null) {
                switches.power(hostId, PowerState.OFF);
            }
        }
    }
}
