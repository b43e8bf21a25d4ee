package org.attune.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.attune.api.PowerState;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.orchestrator.JournalEntry;
import org.attune.api.orchestrator.JournalEntry.Fact;
import org.attune.api.orchestrator.JournalEntry.Kind;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.PlacementState;
import org.attune.orchestrator.standalone.OrchestratorSettings;
import org.junit.jupiter.api.Test;

/**
 * Every plan goes through the one validator, and every action it does not accept is journaled with the refusal's
 * code, message and constraint as facts.
 */
class ValidatePhaseTest extends EngineTestSupport {

    /** Keeps guest k off h1. */
    private static final PlacementConstraint K_OFF_H1 = new PlacementConstraint() {
        @Override
        public String name() {
            return "k-off-h1";
        }

        @Override
        public boolean hard() {
            return true;
        }

        @Override
        public Set<String> guests() {
            return Set.of("k");
        }

        @Override
        public String refusal(PlacementState placement, String guestId, String hostId) {
            return hostId.equals("h1") ? "k stays off h1" : null;
        }
    };

    @Test
    void eachRefusalIsJournaledWithItsCodeProblemAndConstraint() throws Exception {
        driver.host("h4", 2000, 4096).power("h4", PowerState.OFF)
                .guest("d", "h2", 256).guest("e", "h2", 256, 4).guest("f", "h1", 2048).guest("g", "h1", 256)
                .guest("k", "h2", 256).guest("m", "h2", 128).guest("p", "h1", 128);
        engine.plugins().addDriver(new InMemoryDriver("mem2").host("x1", 2000, 4096), "memory");
        constraints.add(K_OFF_H1);
        // m in flight; p moved by an operator a moment ago (cooling down for a policy).
        engine.migrate("m", "h3", MigrationOptions.live());
        engine.migrate("p", "h2", MigrationOptions.live());
        driver.job("p").succeed();

        engine.plugins().addPolicy(once("threshold", List.of(
                move("nope", "h1", "h2", "unknown guest"),
                move("a", "h1", "h9", "unknown target"),
                move("c", "h1", "h3", "wrong source"),
                move("b", "h1", "h1", "same host"),
                move("b", "h1", "h2", "b again"),
                move("d", "h2", "x1", "other driver"),
                move("e", "h2", "h1", "too many vCPUs"),
                move("f", "h1", "h3", "too big"),
                move("g", "h1", "h4", "host off"),
                move("k", "h2", "h1", "against the rule"),
                move("m", "h2", "h1", "in flight"),
                move("p", "h2", "h1", "cooling down"),
                new Action.PowerOff("h1", "has guests"),
                new Action.PowerOn("h2", "already on"))), "threshold", "t");
        cycle();

        assertThat(driver.jobs()).as("only the operator's two migrations").hasSize(2);
        Map<String, JournalEntry> byCode = verdicts(JournalEvent.REFUSED).stream()
                .filter(e -> "threshold".equals(fact(e, Fact.INITIATOR)))
                .collect(Collectors.toMap(e -> fact(e, Fact.REFUSAL), Function.identity()));
        assertThat(byCode).containsOnlyKeys("UNKNOWN_GUEST", "UNKNOWN_HOST", "WRONG_SOURCE", "SAME_HOST", "DUPLICATE",
                "OTHER_DRIVER", "CPUS", "MEMORY", "HOST_UNUSABLE", "CONSTRAINT", "IN_FLIGHT", "PINNED", "NOT_EMPTY",
                "POWER_STATE");
        assertThat(byCode.values()).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(Kind.ACTION_SKIPPED);
            assertThat(e.policy()).isEqualTo("threshold");
            assertThat(fact(e, Fact.PROBLEM)).isNotBlank();
            assertThat(e.fields()).containsKey(Fact.ACTION).containsKey(Fact.REASON);
        });
        assertThat(byCode.get("CONSTRAINT").fields()).containsEntry(Fact.CONSTRAINT, "k-off-h1")
                .containsEntry(Fact.PROBLEM, "k to h1: constraint k-off-h1: k stays off h1");
        assertThat(byCode.values()).filteredOn(e -> e != byCode.get("CONSTRAINT"))
                .allSatisfy(e -> assertThat(e.fields()).doesNotContainKey(Fact.CONSTRAINT));
        assertThat(byCode.get("MEMORY").fields()).containsEntry(Fact.PROBLEM,
                "h3 has 896 MiB free of 1024, f needs 2048 MiB").containsEntry(Fact.FROM_HOST, "h1")
                .containsEntry(Fact.TO_HOST, "h3").containsEntry(Fact.REASON, "too big");
        assertThat(byCode.get("MEMORY").guest()).isEqualTo("f");
        assertThat(byCode.get("PINNED").fields()).containsEntry(Fact.PROBLEM,
                "p: cooling down after its last migration (cooldownCycles=3)");
        assertThat(byCode.get("NOT_EMPTY").fields()).containsEntry(Fact.ACTION, JournalEvent.POWER_OFF);
        assertThat(byCode.get("NOT_EMPTY").host()).isEqualTo("h1");
        assertThat(byCode.get("POWER_STATE").fields()).containsEntry(Fact.ACTION, JournalEvent.POWER_ON);
        // The line for people is rendered from those facts.
        assertThat(byCode.get("CPUS").message()).isEqualTo("skipped migration h2 -> h1: " + fact(byCode.get("CPUS"),
                Fact.PROBLEM));
        assertThat(byCode.get("NOT_EMPTY").message()).isEqualTo("skipped power off: " + fact(byCode.get("NOT_EMPTY"),
                Fact.PROBLEM));
    }

    @Test
    void eachLimitDefersTheMoveThatWouldPassItAndSaysWhichLimit() {
        engine.updateSettings(OrchestratorSettings.defaults().withCooldown(3).withLimits(1, 1, 2));
        driver.guest("d", "h2", 256).host("h4", 2000, 4096).guest("z", "h4", 256);
        engine.plugins().addPolicy(once("threshold", List.of(
                move("a", "h1", "h2", "first"),
                move("b", "h1", "h3", "same source"),
                move("c", "h2", "h4", "second"),
                move("z", "h4", "h2", "same target"),
                move("d", "h2", "h3", "c leaves h2 too"))), "threshold", "t");
        cycle();

        assertThat(entries(Kind.ACTION_STARTED)).extracting(JournalEntry::guest).containsExactly("a", "c");
        assertThat(verdicts(JournalEvent.DEFERRED)).extracting(JournalEntry::guest, e -> fact(e, Fact.REFUSAL))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "LIMIT_SOURCE"),
                        org.assertj.core.groups.Tuple.tuple("z", "LIMIT_TARGET"),
                        org.assertj.core.groups.Tuple.tuple("d", "LIMIT_SOURCE"));
        assertThat(verdicts(JournalEvent.DEFERRED).get(0).fields())
                .containsEntry(Fact.PROBLEM, "waits: 1 migration(s) already leaving h1 (maxMigrationsPerSource=1)");
        assertThat(engine.status().pendingActions()).extracting(p -> p.guest(), p -> p.waitingFor())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "LIMIT_SOURCE"),
                        org.assertj.core.groups.Tuple.tuple("z", "LIMIT_TARGET"),
                        org.assertj.core.groups.Tuple.tuple("d", "LIMIT_SOURCE"));
    }

    @Test
    void theTotalLimitDefersToo() {
        engine.updateSettings(OrchestratorSettings.defaults().withCooldown(3).withLimits(1, 1, 1));
        engine.plugins().addPolicy(once("threshold", List.of(move("a", "h1", "h2", "first"),
                move("c", "h2", "h3", "second"))), "threshold", "t");
        cycle();
        assertThat(verdicts(JournalEvent.DEFERRED)).singleElement().satisfies(e -> assertThat(e.fields())
                .containsEntry(Fact.REFUSAL, "LIMIT_TOTAL")
                .containsEntry(Fact.PROBLEM, "waits: 1 migrations in flight (maxMigrationsTotal=1)"));
    }
}
