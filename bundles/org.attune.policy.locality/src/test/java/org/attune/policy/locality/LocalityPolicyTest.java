package org.attune.policy.locality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.attune.testing.cluster.Plans.migrations;
import static org.attune.testing.cluster.Plans.onlyMigration;
import static org.attune.testing.cluster.Plans.requireValid;
import static org.attune.testing.cluster.TestConstraints.apart;

import java.util.List;

import org.attune.api.ClusterView;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.testing.cluster.ClusterFixture;
import org.junit.jupiter.api.Test;

class LocalityPolicyTest {

    private final LocalityPolicy policy = new LocalityPolicy(LocalitySettings.defaults());

    /** Hosts of 2000 MIPS and 4 GiB; guests of 512 MiB with a CPU demand and traffic towards peers. */
    private static ClusterFixture cluster() {
        return ClusterFixture.create();
    }

    /** web and db exchange 3 MB/s across h1/h2; moving db to h1 saves 3 MB/s, moving web to h2 2.9 MB/s (cache). */
    private static ClusterFixture chattyPair() {
        return cluster().host("h1").host("h2").host("h3")
                .guest("web", "h1", 400).guest("cache", "h1", 200).guest("db", "h2", 500).guest("batch", "h3", 900)
                .sends("web", "db", 1_000_000).sends("db", "web", 2_000_000)
                .sends("web", "cache", 100_000).sends("batch", "db", 500);
    }

    @Test
    void theChattyPairIsBroughtTogether_andCrossHostTrafficIsReportedBeforeAndAfter() {
        // web and db exchange 3 MB/s across h1/h2; cache talks a little to web. db is the lighter one to move? No:
        // moving db to h1 saves 3 MB/s; moving web to h2 saves 3 MB/s but loses 0.1 MB/s with cache: db moves.
        ClusterView view = cluster().host("h1").host("h2").host("h3")
                .guest("web", "h1", 400).guest("cache", "h1", 200).guest("db", "h2", 500).guest("batch", "h3", 900)
                .sends("web", "db", 1_000_000).sends("db", "web", 2_000_000)
                .sends("web", "cache", 100_000).sends("batch", "db", 500).view();
        Plan plan = policy.plan(view);

        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Migrate.class, m -> {
            assertThat(m.guestId()).isEqualTo("db");
            assertThat(m.fromHostId()).isEqualTo("h2");
            assertThat(m.toHostId()).isEqualTo("h1");
            assertThat(m.reason()).isEqualTo("co-locate chatty pair db <-> web (3.0 MB/s): db to h1; "
                    + "cross-host traffic 3.0 MB/s -> 500 B/s");
        });
        assertThat(plan.notes()).contains("cross-host traffic before 3.0 MB/s, after 500 B/s (3 pairs measured)");
    }

    @Test
    void noRoomOnEitherHost_thePairStaysApartAndThePlanSaysWhy() {
        // h1 at 1500, h2 at 1500; ceiling 80% of 2000 = 1600: neither 500-MIPS guest fits next to its peer.
        ClusterView view = cluster().host("h1").host("h2")
                .guest("a", "h1", 500).guest("filler1", "h1", 1000)
                .guest("b", "h2", 500).guest("filler2", "h2", 1000)
                .sends("a", "b", 5_000_000).view();
        Plan plan = policy.plan(view);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).contains("a <-> b (5.0 MB/s) stay apart: neither host can take the other guest",
                "cross-host traffic before 5.0 MB/s, after 5.0 MB/s (1 pairs measured)");
    }

    @Test
    void aMoveThatLosesMoreThanItGainsIsNotMade() {
        // x talks to y (h2) at 1 MB/s, and to z and w (h1, with x) at 1 MB/s each: x moving loses 2 MB/s for 1.
        ClusterView view = cluster().host("h1").host("h2")
                .guest("x", "h1", 100).guest("z", "h1", 100).guest("w", "h1", 100).guest("y", "h2", 100)
                .guest("v", "h2", 100)
                .sends("x", "y", 1_000_000).sends("x", "z", 1_000_000).sends("x", "w", 1_000_000)
                .sends("y", "v", 1_500_000).view();
        Plan plan = policy.plan(view);
        // Moving y to h1 gains 1 MB/s but loses 1.5 MB/s with v: no move at all.
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).containsExactly("x <-> y (1.0 MB/s) stay apart: moving either guest would cut "
                + "cross-host traffic by 0 B/s at best, less than 1.0 kB/s",
                "cross-host traffic before 1.0 MB/s, after 1.0 MB/s (4 pairs measured)");
    }

    @Test
    void aPairOnOneHostAndGuestsWithoutTrafficNeedNothing() {
        ClusterView view = cluster().host("h1").host("h2").guest("a", "h1", 100).guest("b", "h1", 100)
                .guest("c", "h2", 100).sends("a", "b", 9_000_000).view();
        Plan plan = policy.plan(view);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).containsExactly("cross-host traffic before 0 B/s, after 0 B/s (1 pairs measured)");
    }

    @Test
    void aHardConstraintIsNeverBroken_theOtherGuestOfThePairMovesInstead() {
        ClusterFixture c = chattyPair();
        c.constraint(apart("db", "cache", true));
        ClusterView view = c.view();
        assertThat(onlyMigration(requireValid(view, policy.plan(view)))).satisfies(m -> {
            assertThat(m.guestId()).as("db may not join cache on h1").isEqualTo("web");
            assertThat(m.toHostId()).isEqualTo("h2");
            assertThat(m.reason()).startsWith("co-locate chatty pair db <-> web (3.0 MB/s): web to h2; "
                    + "cross-host traffic 3.0 MB/s -> 100.5 kB/s");
        });
    }

    @Test
    void aHardConstraintOnThePairItselfKeepsItApart_andThePlanSaysWhy() {
        ClusterFixture c = chattyPair();
        c.constraint(apart("db", "web", true));
        ClusterView view = c.view();
        Plan plan = requireValid(view, policy.plan(view));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.notes()).contains("db <-> web (3.0 MB/s) stay apart: neither host can take the other guest");
    }

    @Test
    void aSoftConstraintIsWeighed_beforeTheLargerSaving() {
        ClusterFixture c = chattyPair();
        c.constraint(apart("db", "cache", false));
        ClusterView view = c.view();
        List<Action> actions = requireValid(view, policy.plan(view)).actions();
        assertThat(actions.get(0)).isInstanceOfSatisfying(Action.Migrate.class, m -> {
            assertThat(m.guestId()).isEqualTo("web");
            assertThat(m.toHostId()).isEqualTo("h2");
        });
        // cache then follows web: only a soft rule keeps it from db, and no other move saves that traffic.
        assertThat(actions).hasSize(2).last().isInstanceOfSatisfying(Action.Migrate.class,
                m -> assertThat(m.guestId()).isEqualTo("cache"));
    }

    @Test
    void memoryAGuestStillLeavingTheTargetHoldsIsNotPromised() {
        // big (3072 MiB) is migrating from h1 to h3: until it has left, h1 has 4096 - 512 - 512 - 3072 = 0 MiB free,
        // so db cannot join web there; web joins db on h2 instead (and cache follows web). Once big has left, db moves.
        ClusterView view = chattyPair().guest("big", "h1", g -> g.memory(3072), 0).migrating("big", "h3", 0.5).view();
        assertThat(migrations(requireValid(view, policy.plan(view)))).first().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("web");
            assertThat(m.toHostId()).isEqualTo("h2");
        });

        ClusterView done = chattyPair().guest("big", "h3", g -> g.memory(3072), 0).view();
        assertThat(onlyMigration(requireValid(done, policy.plan(done)))).satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("db");
            assertThat(m.toHostId()).isEqualTo("h1");
        });
    }

    @Test
    void badSettingsAreRefusedNamingEveryProblem() {
        assertThatThrownBy(() -> new LocalitySettings(null, 0, 2, 0, 0))
                .hasMessageContaining("attune.policy.name must not be blank")
                .hasMessageContaining("historyCycles must be >= 1, was 0")
                .hasMessageContaining("cpuCeiling must be in (0, 1], was 2.0")
                .hasMessageContaining("minGainBytesPerSecond must be > 0, was 0.0")
                .hasMessageContaining("maxMigrations must be >= 1, was 0");
    }
}
