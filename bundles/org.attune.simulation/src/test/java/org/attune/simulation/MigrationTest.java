package org.attune.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.attune.api.PowerProfile;
import org.attune.api.driver.MigrationResult.Outcome;
import org.attune.simulation.SimulationEngine.MigrationEnd;
import org.attune.simulation.SimulationEngine.MigrationProgress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The physical model's migrations: pre-copy rounds, stop-and-copy, regular migration, shared links, abort. */
class MigrationTest {

    private final SimulationEngine engine = new SimulationEngine(EngineSettings.physical());
    private final List<MigrationEnd> ends = new ArrayList<>();
    private int h1;
    private int h2;

    @BeforeEach
    void twoHosts() {
        engine.setListener(ends::add);
        h1 = host("h1");
        h2 = host("h2");
    }

    private int host(String id) {
        return engine.addHost(new SimulatedHost(id, 2, 1000, 8192, 125, PowerProfile.linear(70, 140), true));
    }

    private int guest(String id, long memoryMiB, double dirtyRate, int host) {
        return engine.addGuest(SimulatedGuest.of(id, 1, memoryMiB, dirtyRate, Workloads.constant(500)), host);
    }

    private MigrationEnd end(int migration) {
        return ends.stream().filter(e -> e.migration() == migration).findFirst().orElseThrow();
    }

    private MigrationEnd onlyEnd() {
        assertThat(ends).hasSize(1);
        return ends.get(0);
    }

    @Test
    void withoutDirtyingALiveMigrationIsOneRoundOfMemoryOverBandwidth() {
        int g = guest("g", 1024, 0, h1);
        int m = engine.migrate(g, h2, MigrationRequest.LIVE);
        assertThat(engine.memoryCommitted(h2)).isEqualTo(1024);

        engine.advanceTo(8);
        MigrationProgress p = engine.progress(m);
        assertThat(p.transferredMiB()).isCloseTo(1000, within(1e-9));
        assertThat(p.remainingMiB()).isCloseTo(24, within(1e-9));
        assertThat(p.round()).isEqualTo(1);
        assertThat(p.paused()).isFalse();
        assertThat(engine.hostOf(g)).isEqualTo(h1);

        engine.advanceTo(9);
        MigrationEnd end = onlyEnd();
        assertThat(end.outcome()).isEqualTo(Outcome.SUCCEEDED);
        // 1024 MiB at 125 MiB/s: 8.192 s, nothing left to copy paused.
        assertThat(end.elapsedSeconds()).isCloseTo(8.192, within(1e-9));
        assertThat(end.downtimeSeconds()).isZero();
        assertThat(end.transferredMiB()).isCloseTo(1024, within(1e-9));
        assertThat(end.started()).isZero();
        assertThat(end.live()).isTrue();
        assertThat(engine.hostOf(g)).isEqualTo(h2);
        assertThat(engine.progress(m)).isNull();
        assertThat(engine.memoryCommitted(h1)).isZero();
        assertThat(engine.memoryCommitted(h2)).isEqualTo(1024);
        assertThat(engine.totals().migrationsSucceeded()).isEqualTo(1);
        assertThat(engine.guestMigrationLostWork(g)).isZero();
    }

    @Test
    void preCopyRoundsSendWhatThePreviousRoundDirtiedThenTheGuestPausesForTheRest() {
        int g = guest("g", 1024, 25, h1);
        int m = engine.migrate(g, h2, MigrationRequest.LIVE);

        // Round 1: 1024 MiB in 8.192 s, during which 25 MiB/s dirty 204.8 MiB.
        assertThat(engine.step(100)).isTrue();
        assertThat(engine.now()).isCloseTo(8.192, within(1e-9));
        MigrationProgress p = engine.progress(m);
        assertThat(p.round()).isEqualTo(2);
        assertThat(p.remainingMiB()).isCloseTo(204.8, within(1e-9));
        // Round 2: 1.6384 s, dirtying 40.96 MiB.
        engine.step(100);
        assertThat(engine.now()).isCloseTo(8.192 + 1.6384, within(1e-9));
        assertThat(engine.progress(m).round()).isEqualTo(3);
        assertThat(engine.progress(m).remainingMiB()).isCloseTo(40.96, within(1e-9));
        // Round 3: 0.32768 s, dirtying 8.192 MiB, sendable in 65.536 ms <= 300 ms: the guest pauses.
        engine.step(100);
        assertThat(engine.now()).isCloseTo(8.192 + 1.6384 + 0.32768, within(1e-9));
        p = engine.progress(m);
        assertThat(p.paused()).isTrue();
        assertThat(p.round()).isEqualTo(3);
        assertThat(p.remainingMiB()).isCloseTo(8.192, within(1e-9));
        assertThat(engine.demand(g)).isZero();
        engine.step(100);

        MigrationEnd end = onlyEnd();
        assertThat(end.elapsedSeconds()).isCloseTo(10.223616, within(1e-9));
        assertThat(end.downtimeSeconds()).isCloseTo(0.065536, within(1e-9));
        assertThat(end.transferredMiB()).isCloseTo(1024 + 204.8 + 40.96 + 8.192, within(1e-9));
        // Paused for 65.536 ms of its 500 MIPS.
        assertThat(engine.guestMigrationLostWork(g)).isCloseTo(500 * 0.065536, within(1e-9));
        assertThat(engine.totals().migrationLostWork()).isCloseTo(500 * 0.065536, within(1e-9));
    }

    @Test
    void aSmallerMaximumDowntimeNeedsAnotherRound() {
        int g = guest("g", 1024, 25, h1);
        engine.migrate(g, h2, new MigrationRequest(true, 0, 0.05, false, false));
        engine.advanceTo(20);
        // A 4th round of 65.536 ms leaves 1.6384 MiB: 13.1072 ms paused.
        MigrationEnd end = onlyEnd();
        assertThat(end.downtimeSeconds()).isCloseTo(0.0131072, within(1e-9));
        assertThat(end.elapsedSeconds()).isCloseTo(8.192 + 1.6384 + 0.32768 + 0.065536 + 0.0131072, within(1e-9));
    }

    @Test
    void aBandwidthCapSlowsAMigrationButCannotSpeedItPastTheLink() {
        int a = guest("a", 1024, 0, h1);
        int b = guest("b", 1024, 0, h2);
        engine.migrate(a, h2, new MigrationRequest(true, 64, Double.NaN, false, false));
        engine.advanceTo(100);
        assertThat(onlyEnd().elapsedSeconds()).isCloseTo(16, within(1e-9));
        ends.clear();
        engine.migrate(b, h1, new MigrationRequest(true, 1000, Double.NaN, false, false));
        engine.advanceTo(200);
        assertThat(onlyEnd().elapsedSeconds()).isCloseTo(8.192, within(1e-9));
    }

    @Test
    void migrationsThroughTheSameHostShareItsLink() {
        int h3 = host("h3");
        int h4 = host("h4");
        int a = guest("a", 1024, 0, h1);
        int b = guest("b", 512, 0, h1);
        int c = guest("c", 1024, 0, h3);
        int ma = engine.migrate(a, h2, MigrationRequest.LIVE);
        int mb = engine.migrate(b, h2, MigrationRequest.LIVE);
        int mc = engine.migrate(c, h4, MigrationRequest.LIVE);

        engine.advanceTo(100);

        assertThat(ends).extracting(MigrationEnd::migration).containsExactlyInAnyOrder(ma, mb, mc);
        // b and a share h1 -> h2 at 62.5 MiB/s each: b's 512 MiB end at 8.192 s, a then has 512 MiB left alone at
        // 125 MiB/s, 4.096 s more.
        assertThat(end(mb).elapsedSeconds()).isCloseTo(8.192, within(1e-9));
        assertThat(end(ma).elapsedSeconds()).isCloseTo(12.288, within(1e-9));
        // c uses other links: 8.192 s as if alone.
        assertThat(end(mc).elapsedSeconds()).isCloseTo(8.192, within(1e-9));
        assertThat(ends).allMatch(e -> e.outcome() == Outcome.SUCCEEDED);
    }

    @Test
    void aRegularMigrationPausesTheGuestForTheWholeCopy() {
        int g = guest("g", 1024, 50, h1);
        int m = engine.migrate(g, h2, MigrationRequest.REGULAR);
        engine.advanceTo(4);
        assertThat(engine.progress(m).paused()).isTrue();
        assertThat(engine.demand(g)).isZero();
        assertThat(engine.allocated(g)).isZero();
        assertThat(engine.demandShare(h1)).isZero();
        assertThat(engine.demandShare(h2)).isZero();

        engine.advanceTo(10);
        MigrationEnd end = onlyEnd();
        assertThat(end.live()).isFalse();
        assertThat(end.elapsedSeconds()).isCloseTo(8.192, within(1e-9));
        assertThat(end.downtimeSeconds()).isCloseTo(8.192, within(1e-9));
        assertThat(end.transferredMiB()).isCloseTo(1024, within(1e-9));
        assertThat(engine.guestMigrationLostWork(g)).isCloseTo(500 * 8.192, within(1e-6));
    }

    @Test
    void theTargetCarriesTheOverheadShareOfTheMigratingGuestsDemand() {
        int g = guest("g", 1024, 0, h1);
        engine.migrate(g, h2, MigrationRequest.LIVE);
        engine.advanceTo(3);
        assertThat(engine.demandShare(h2)).isCloseTo(50.0 / 2000, within(1e-12));
        assertThat(engine.demandShare(h1)).isCloseTo(500.0 / 2000, within(1e-12));
        assertThat(engine.allocated(g)).isEqualTo(500);
        assertThat(engine.busy(h2)).isTrue();
    }

    @Test
    void anAbortedMigrationLeavesTheGuestOnItsSourceAndFreesTheTarget() {
        int g = guest("g", 1024, 200, h1);
        int m = engine.migrate(g, h2, MigrationRequest.LIVE);
        engine.advanceTo(4);

        engine.abort(m, "timeout");

        MigrationEnd end = onlyEnd();
        assertThat(end.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(end.detail()).isEqualTo("aborted: timeout");
        assertThat(end.elapsedSeconds()).isCloseTo(4, within(1e-9));
        assertThat(end.transferredMiB()).isCloseTo(500, within(1e-9));
        assertThat(engine.hostOf(g)).isEqualTo(h1);
        assertThat(engine.migrationOf(g)).isEqualTo(-1);
        assertThat(engine.migrationsInProgress()).isZero();
        assertThat(engine.memoryCommitted(h2)).isZero();
        assertThat(engine.demandShare(h2)).isZero();
        // Unknown or ended migrations are ignored.
        engine.abort(m, "again");
        assertThat(ends).hasSize(1);
    }

    @Test
    void aMigrationThatCannotConvergeGoesOnUntilAborted_autoConvergeAndPostCopyEndIt() {
        int g = guest("g", 1024, 200, h1);
        int m = engine.migrate(g, h2, MigrationRequest.LIVE);
        engine.advanceTo(3600);
        assertThat(ends).isEmpty();
        assertThat(engine.progress(m).round()).isGreaterThan(1);
        engine.abort(m, "timeout");

        ends.clear();
        int c = guest("c", 1024, 130, h1);
        engine.migrate(c, h2, new MigrationRequest(true, 0, Double.NaN, true, false));
        // On other hosts, so that the two do not share a link.
        int h3 = host("h3");
        int p = guest("p", 1024, 130, h3);
        int mp = engine.migrate(p, host("h4"), new MigrationRequest(true, 0, Double.NaN, false, true));
        engine.advanceTo(3600 + 3 * 3600);
        assertThat(ends).hasSize(2).allMatch(e -> e.outcome() == Outcome.SUCCEEDED);
        MigrationEnd postCopy = ends.stream().filter(e -> e.migration() == mp).findFirst().orElseThrow();
        // Post-copy: after 30 rounds the guest switches with a 50 ms pause and the rest is pulled while it runs.
        assertThat(postCopy.downtimeSeconds()).isCloseTo(SimulationEngine.POST_COPY_SWITCH_SECONDS, within(1e-9));
        MigrationEnd autoConverge = ends.stream().filter(e -> e.migration() != mp).findFirst().orElseThrow();
        assertThat(autoConverge.downtimeSeconds()).isLessThanOrEqualTo(0.3);
    }

    @Test
    void refusedMigrationsSayWhy() {
        int g = guest("g", 1024, 0, h1);
        int small = engine.addHost(new SimulatedHost("small", 2, 1000, 512, 125, PowerProfile.linear(70, 140), true));
        assertThatThrownBy(() -> engine.migrate(g, small, MigrationRequest.LIVE))
                .hasMessageContaining("host small has 512 MiB free").hasMessageContaining("guest g needs 1024 MiB");
        assertThatThrownBy(() -> engine.migrate(g, h1, MigrationRequest.LIVE))
                .hasMessageContaining("guest g already runs on host h1");
        engine.migrate(g, h2, MigrationRequest.LIVE);
        assertThatThrownBy(() -> engine.migrate(g, h2, MigrationRequest.LIVE))
                .hasMessageContaining("guest g is already migrating to h2");
        assertThatThrownBy(() -> engine.stopGuest(g)).hasMessageContaining("guest g is migrating");
        assertThatThrownBy(() -> engine.powerOff(h2)).hasMessageContaining("host h2 is the target of a migration of g");
    }

    @Test
    void removingTheGuestOrAHostFailsItsMigration() {
        int a = guest("a", 1024, 0, h1);
        int b = guest("b", 1024, 0, h1);
        int h3 = host("h3");
        engine.migrate(a, h2, MigrationRequest.LIVE);
        engine.migrate(b, h3, MigrationRequest.LIVE);
        engine.removeGuest(a);
        engine.removeHost(h3);
        assertThat(ends).extracting(MigrationEnd::outcome).containsExactly(Outcome.FAILED, Outcome.FAILED);
        assertThat(ends).extracting(MigrationEnd::detail).containsExactly("guest a was removed", "host h3 was removed");
        assertThat(engine.hostOf(b)).isEqualTo(h1);
        assertThat(engine.memoryCommitted(h2)).isZero();
        assertThat(engine.memoryCommitted(h1)).isEqualTo(1024);
    }
}
