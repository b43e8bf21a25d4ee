package org.attune.driver.sim.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.attune.driver.sim.VirtualClock;
import org.attune.api.GuestState;
import org.attune.api.driver.DriverException;
import org.attune.api.driver.MigrationJob;
import org.attune.api.driver.MigrationMode;
import org.attune.api.driver.MigrationOptions;
import org.attune.api.driver.MigrationResult;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;
import org.attune.simulation.SimulationEngine;
import org.attune.simulation.Workloads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationTest {

    private static final long MIB = 1024 * 1024;

    private final VirtualClock clock = new VirtualClock();
    private final SimCluster cluster = new SimCluster(clock);

    @BeforeEach
    void twoHosts() {
        cluster.addHost(HostSpec.of("h1", 2, 1000, 4096));
        cluster.addHost(HostSpec.of("h2", 2, 1000, 4096));
    }

    private void guest(String name, long memoryMiB, double dirtyRate) {
        cluster.addGuest(GuestSpec.of(name, 1, memoryMiB, "h1", Workloads.constant(500)).withDirtyRate(dirtyRate));
    }

    private void run(double seconds) {
        clock.advance(Duration.ofNanos((long) (seconds * 1e9)));
        cluster.advance();
    }

    private static MigrationResult resultOf(MigrationJob job) {
        CompletableFuture<MigrationResult> f = job.result().toCompletableFuture();
        assertThat(f).as("migration result").isDone();
        return f.join();
    }

    private static boolean done(MigrationJob job) {
        return job.result().toCompletableFuture().isDone();
    }

    @Test
    void liveMigrationWithoutDirtyingTakesMemoryOverBandwidth() throws DriverException {
        guest("g", 1024, 0);
        MigrationJob job = cluster.migrate("g", "h2", MigrationOptions.live());
        assertThat(cluster.inventory().guests().get(0).state()).isEqualTo(GuestState.MIGRATING);

        run(8);
        assertThat(done(job)).isFalse();
        assertThat(job.progress().transferredBytes()).isEqualTo(1000 * MIB);
        assertThat(job.progress().fractionDone()).isCloseTo(1000.0 / 1024, within(1e-9));
        assertThat(cluster.hostOf("g")).isEqualTo("h1");

        run(1);
        MigrationResult r = resultOf(job);
        assertThat(r.outcome()).isEqualTo(MigrationResult.Outcome.SUCCEEDED);
        // 1024 MiB at 125 MiB/s, nothing dirtied: one round, no pause.
        assertThat(r.total()).isEqualTo(Duration.ofMillis(8192));
        assertThat(r.downtime()).isEqualTo(Duration.ZERO);
        assertThat(r.bytesTransferred()).isEqualTo(1024 * MIB);
        assertThat(r.finalHostId()).isEqualTo("h2");
        assertThat(r.mode()).isEqualTo(MigrationMode.LIVE);
        assertThat(cluster.hostOf("g")).isEqualTo("h2");
        assertThat(cluster.inventory().placement()).containsValue("h2");
        assertThat(cluster.inventory().guests().get(0).state()).isEqualTo(GuestState.RUNNING);
        assertThat(cluster.totals().migrationsSucceeded()).isEqualTo(1);
    }

    @Test
    void liveMigrationCopiesDirtiedMemoryInRoundsUntilTheRestFitsTheDowntime() throws DriverException {
        guest("g", 1024, 25);
        MigrationJob job = cluster.migrate("g", "h2", MigrationOptions.live());
        run(11);
        MigrationResult r = resultOf(job);
        // Round 1: 1024 MiB in 8.192 s dirties 204.8 MiB; round 2: 1.6384 s dirties 40.96 MiB; round 3: 0.32768 s
        // dirties 8.192 MiB, sendable in 0.065536 s <= 300 ms: stop and copy.
        assertThat(r.total().toNanos()).isCloseTo(10_223_616_000L, within(1000L));
        assertThat(r.downtime().toNanos()).isCloseTo(65_536_000L, within(1000L));
        assertThat((double) r.bytesTransferred()).isCloseTo(1277.952 * MIB, within(16.0));
        assertThat(job.progress().iteration()).isEqualTo(3);
        // The guest was paused for 65.536 ms of its 500 MIPS.
        assertThat(cluster.guestReading("g").migrationLostWork()).isCloseTo(500 * 0.065536, within(1e-6));
    }

    @Test
    void aSmallerMaxDowntimeNeedsMoreRounds() throws DriverException {
        guest("g", 1024, 25);
        MigrationJob job = cluster.migrate("g", "h2", MigrationOptions.live().withMaxDowntime(Duration.ofMillis(50)));
        run(11);
        MigrationResult r = resultOf(job);
        // A 4th round of 0.065536 s leaves 1.6384 MiB: 13.1072 ms of downtime.
        assertThat(r.downtime().toNanos()).isCloseTo(13_107_200L, within(1000L));
        assertThat(r.total().toNanos()).isCloseTo(10_223_616_000L - 65_536_000L + 65_536_000L + 13_107_200L,
                within(1000L));
        assertThat(job.progress().iteration()).isEqualTo(4);
    }

    @Test
    void theBandwidthOptionLimitsTheLinkShare() throws DriverException {
        guest("g", 1024, 0);
        MigrationJob job = cluster.migrate("g", "h2", MigrationOptions.live().withBandwidth(64));
        run(17);
        assertThat(resultOf(job).total()).isEqualTo(Duration.ofSeconds(16));
        // The option is a limit (as MigrationOptions says), no longer an override: 256 cannot beat the 125 MiB/s link.
        MigrationJob back = cluster.migrate("g", "h1", MigrationOptions.live().withBandwidth(256));
        run(9);
        assertThat(resultOf(back).total()).isEqualTo(Duration.ofMillis(8192));
    }

    @Test
    void twoMigrationsSharingAHostLinkTakeLongerThanOneAlone() throws DriverException {
        cluster.addHost(HostSpec.of("h3", 2, 1000, 4096));
        guest("a", 1024, 0);
        guest("b", 1024, 0);
        MigrationJob alone = cluster.migrate("a", "h2", MigrationOptions.live());
        run(9);
        assertThat(resultOf(alone).total()).isEqualTo(Duration.ofMillis(8192));

        // b leaves h1 for h3 while a comes back from h2 to h1: both through h1's link, 62.5 MiB/s each.
        MigrationJob ab = cluster.migrate("a", "h1", MigrationOptions.live());
        MigrationJob b = cluster.migrate("b", "h3", MigrationOptions.live());
        run(16);
        assertThat(done(ab)).isFalse();
        assertThat(b.progress().transferredBytes()).isEqualTo(1000 * MIB);
        run(1);
        assertThat(resultOf(ab).total()).isEqualTo(Duration.ofMillis(16384));
        assertThat(resultOf(b).total()).isEqualTo(Duration.ofMillis(16384));
        assertThat(cluster.hostOf("a")).isEqualTo("h1");
        assertThat(cluster.hostOf("b")).isEqualTo("h3");
    }

    @Test
    void regularMigrationPausesTheGuestForTheWholeCopy() throws DriverException {
        guest("g", 1024, 50);
        MigrationJob job = cluster.migrate("g", "h2", MigrationOptions.regular());
        assertThat(cluster.inventory().guests().get(0).state()).isEqualTo(GuestState.PAUSED);
        run(5);
        assertThat(cluster.guestReading("g").demand()).isZero();
        assertThat(cluster.hostReading("h1").demandShare()).isZero();
        run(4);
        MigrationResult r = resultOf(job);
        assertThat(r.total()).isEqualTo(Duration.ofMillis(8192));
        assertThat(r.downtime()).isEqualTo(r.total());
        assertThat(r.bytesTransferred()).isEqualTo(1024 * MIB);
        assertThat(cluster.hostOf("g")).isEqualTo("h2");
        assertThat(cluster.guestReading("g").migrationLostWork()).isCloseTo(500 * 8.192, within(1e-6));
    }

    @Test
    void theDestinationCarriesTenPercentOfTheGuestsDemand() throws DriverException {
        guest("g", 1024, 0);
        cluster.migrate("g", "h2", MigrationOptions.live());
        run(3);
        assertThat(cluster.hostReading("h2").demandShare()).isCloseTo(50.0 / 2000, within(1e-12));
        assertThat(cluster.hostReading("h1").demandShare()).isCloseTo(500.0 / 2000, within(1e-12));
    }

    @Test
    void aMigrationThatNeverConvergesRunsUntilAborted() throws DriverException {
        guest("g", 1024, 200);
        MigrationJob job = cluster.migrate("g", "h2", MigrationOptions.live());
        run(3600);
        assertThat(done(job)).isFalse();
        assertThat(job.progress().iteration()).isGreaterThan(1);
        assertThat(job.progress().remainingBytes()).isPositive();

        job.abort("timeout");
        MigrationResult r = resultOf(job);
        assertThat(r.outcome()).isEqualTo(MigrationResult.Outcome.ABORTED);
        assertThat(r.detail()).contains("timeout");
        assertThat(r.finalHostId()).isEqualTo("h1");
        assertThat(r.total()).isEqualTo(Duration.ofHours(1));
        assertThat(cluster.hostOf("g")).isEqualTo("h1");
        assertThat(cluster.inventory().guests().get(0).state()).isEqualTo(GuestState.RUNNING);
        job.abort("again");
        assertThat(resultOf(job).detail()).contains("timeout");

        // The target's memory reservation is released: the guest can try again.
        MigrationJob retry = cluster.migrate("g", "h2", MigrationOptions.live().withAutoConverge(true));
        assertThat(retry).isNotSameAs(job);
    }

    @Test
    void autoConvergeThrottlesTheGuestUntilItConverges() throws DriverException {
        guest("g", 1024, 130);
        MigrationJob job = cluster.migrate("g", "h2", MigrationOptions.live().withAutoConverge(true));
        run(3600);
        MigrationResult r = resultOf(job);
        assertThat(r.outcome()).isEqualTo(MigrationResult.Outcome.SUCCEEDED);
        assertThat(job.progress().iteration()).isGreaterThan(SimulationEngine.FALLBACK_ROUND);
        assertThat(r.downtime()).isLessThanOrEqualTo(Duration.ofMillis(300));
        assertThat(cluster.hostOf("g")).isEqualTo("h2");
    }

    @Test
    void postCopySwitchesAfterThirtyRoundsWithAShortPause() throws DriverException {
        guest("g", 1024, 130);
        MigrationJob job = cluster.migrate("g", "h2", MigrationOptions.live().withPostCopy(true));
        run(3600);
        MigrationResult r = resultOf(job);
        assertThat(r.outcome()).isEqualTo(MigrationResult.Outcome.SUCCEEDED);
        assertThat(r.downtime().toNanos()).isCloseTo(50_000_000L, within(1000L));
        assertThat(job.progress().iteration()).isEqualTo(SimulationEngine.FALLBACK_ROUND);
        assertThat(cluster.hostOf("g")).isEqualTo("h2");
    }

    @Test
    void aTargetWithoutEnoughMemoryIsRefused() throws DriverException {
        cluster.addHost(HostSpec.of("small", 2, 1000, 1024));
        cluster.addGuest(GuestSpec.of("resident", 1, 512, "small", Workloads.constant(0)));
        guest("g", 1024, 0);
        assertThatThrownBy(() -> cluster.migrate("g", "small", MigrationOptions.live()))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("host small has 512 MiB free")
                .hasMessageContaining("guest g needs 1024 MiB");
        assertThat(cluster.hostOf("g")).isEqualTo("h1");
    }

    @Test
    void incomingMigrationsCountAgainstTheTargetsMemory() throws DriverException {
        // A guest starts only where its memory is free (the engine reserves it): three of 2048 MiB need a larger host.
        cluster.addHost(HostSpec.of("big", 8, 1000, 8192));
        for (String name : new String[] {"a", "b", "c"}) {
            cluster.addGuest(GuestSpec.of(name, 1, 2048, "big", Workloads.constant(500)));
        }
        cluster.migrate("a", "h2", MigrationOptions.live());
        cluster.migrate("b", "h2", MigrationOptions.live());
        assertThatThrownBy(() -> cluster.migrate("c", "h2", MigrationOptions.live()))
                .hasMessageContaining("host h2 has 0 MiB free");
    }

    @Test
    void aGuestMigratesOnlyOnceAtATime() throws DriverException {
        cluster.addHost(HostSpec.of("h3", 2, 1000, 4096));
        guest("g", 1024, 0);
        MigrationJob first = cluster.migrate("g", "h2", MigrationOptions.live());
        assertThatThrownBy(() -> cluster.migrate("g", "h3", MigrationOptions.live()))
                .isInstanceOf(DriverException.class).hasMessageContaining("guest g is already migrating to h2");
        run(10);
        assertThat(resultOf(first).succeeded()).isTrue();
        assertThat(cluster.migrate("g", "h3", MigrationOptions.live())).isNotNull();
    }

    @Test
    void badRequestsAreRefusedWithAClearMessage() throws DriverException {
        guest("g", 1024, 0);
        assertThatThrownBy(() -> cluster.migrate("nobody", "h2", MigrationOptions.live()))
                .hasMessageContaining("guest 'nobody' is unknown to driver sim");
        assertThatThrownBy(() -> cluster.migrate("g", "h9", MigrationOptions.live()))
                .hasMessageContaining("host 'h9' is unknown to driver sim (hosts: h1, h2)");
        assertThatThrownBy(() -> cluster.migrate("g", "h1", MigrationOptions.live()))
                .hasMessageContaining("guest g already runs on host h1");
        cluster.stopGuest("g");
        assertThatThrownBy(() -> cluster.migrate("g", "h2", MigrationOptions.live()))
                .hasMessageContaining("guest g is stopped");
    }

    @Test
    void guestsAreFoundByIdAsWellAsByName() throws DriverException {
        guest("g", 1024, 0);
        String id = GuestSpec.derivedUuid("g").toString();
        MigrationJob job = cluster.migrate(id, "h2", MigrationOptions.live());
        assertThat(job.guestId()).isEqualTo(id);
        assertThat(job.sourceHostId()).isEqualTo("h1");
        assertThat(job.targetHostId()).isEqualTo("h2");
        assertThat(job.started()).isEqualTo(clock.instant());
    }

    @Test
    void removingTheGuestFailsItsMigration() throws DriverException {
        guest("g", 1024, 0);
        MigrationJob job = cluster.migrate("g", "h2", MigrationOptions.live());
        cluster.remove("guest g");
        assertThat(resultOf(job).outcome()).isEqualTo(MigrationResult.Outcome.FAILED);
        assertThat(resultOf(job).detail()).contains("guest g was removed");
        assertThat(cluster.inventory().guests()).isEmpty();
    }
}
