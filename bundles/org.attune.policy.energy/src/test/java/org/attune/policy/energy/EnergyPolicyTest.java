package org.attune.policy.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.attune.testing.cluster.Plans.onlyMigration;
import static org.attune.testing.cluster.Plans.poweredOff;
import static org.attune.testing.cluster.Plans.poweredOn;
import static org.attune.testing.cluster.Plans.requireValid;
import static org.attune.testing.cluster.TestConstraints.apart;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import org.attune.api.ClusterView;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.testing.cluster.ClusterFixture;
import org.attune.testing.cluster.ClusterFixture.HostOptions;
import org.junit.jupiter.api.Test;

class EnergyPolicyTest {

    private final EnergyPolicy policy = new EnergyPolicy(EnergySettings.defaults());

    /** Linear 100-200 W, boots in 120 s at 150 W. */
    private static final PowerProfile PROFILE = PowerProfile.linear(100, 200).withBoot(Duration.ofSeconds(120), 150);

    /**
     * Hosts of 2000 MIPS and 4 GiB, on, that boot in 120 s; guests of 2 vCPUs and 512 MiB; samples 60 s apart, the
     * newest at 600 s.
     */
    private static ClusterFixture cluster() {
        return ClusterFixture.create().hosts(h -> h.profile(PROFILE)).guests(g -> g.vcpus(2))
                .sampleInterval(Duration.ofSeconds(60)).time(Instant.ofEpochSecond(600));
    }

    /** A host that is off. */
    private static Consumer<HostOptions> off() {
        return h -> h.power(PowerState.OFF);
    }

    /** A host that is off and boots in {@code bootSeconds}. */
    private static Consumer<HostOptions> off(long bootSeconds) {
        return h -> h.power(PowerState.OFF).bootTime(Duration.ofSeconds(bootSeconds));
    }

    /** A host (on) that boots in {@code bootSeconds}. */
    private static Consumer<HostOptions> bootsIn(long bootSeconds) {
        return h -> h.bootTime(Duration.ofSeconds(bootSeconds));
    }

    @Test
    void consolidatesThenPowersOffExactlyTheEmptiedHosts() {
        // h1 600 + 300, h2 400, h3 250: 1550 MIPS in all, flat. h4 already off.
        ClusterFixture c = cluster().host("h1").host("h2").host("h3")
                .host("h4", off())
                .guest("a", "h1", 600, 600, 600).guest("b", "h1", 300, 300, 300)
                .guest("c", "h2", 400, 400, 400).guest("d", "h3", 250, 250, 250);

        Plan first = requireValid(c.view(), policy.plan(c.view()));
        // The least-loaded host, h3, is emptied onto the fullest host that stays under 70% (h1: 900 + 250 = 1150 < 1400).
        assertThat(first.actions()).singleElement().isInstanceOfSatisfying(Action.Migrate.class, m -> {
            assertThat(m.guestId()).isEqualTo("d");
            assertThat(m.toHostId()).isEqualTo("h1");
            assertThat(m.reason()).startsWith("consolidate to power h3 off");
        });
        assertThat(poweredOff(first)).isEmpty();

        Plan second = requireValid(c.apply(first).view(), policy.plan(c.view()));
        // Now h3 is empty: it and only it goes off; h2 (400) is emptied onto h1 (1150 + 400 = 1550 > 1400? no room)...
        assertThat(poweredOff(second)).containsExactly("h3");
        Plan third = policy.plan(c.apply(second).view());
        assertThat(poweredOff(third)).isEmpty();
        assertThat(poweredOn(third)).isEmpty();
        assertThat(third.actions()).isEmpty();
    }

    @Test
    void everyHostThatIsEmptyAndOnGoesOff_butNeverTheLastOnes() {
        ClusterFixture c = cluster().host("h1").host("e1").host("e2")
                .host("off", off()).guest("a", "h1", 100, 100);
        assertThat(poweredOff(policy.plan(c.view()))).containsExactly("e1", "e2");

        // No guest at all: one host (minHostsOn) stays on.
        ClusterFixture idle = cluster().host("x").host("y");
        assertThat(poweredOff(policy.plan(idle.view()))).containsExactly("x");
    }

    @Test
    void anEmptyHostStaysOnWhenTheRestWouldBeTooFull() {
        // 1300 MIPS on h1 (2000); switching e1 off leaves 2000 and 1300 > 60% of 2000.
        ClusterFixture c = cluster().host("h1").host("e1").guest("a", "h1", 1300, 1300);
        assertThat(poweredOff(policy.plan(c.view()))).isEmpty();
    }

    @Test
    void risingDemandPowersAHostOnOneBootTimeBeforeItRunsOut() {
        // 4000 MIPS on; demand 2400 -> 3000 over 4 minutes (+2.5 MIPS/s); now 75%, under the 85% threshold.
        // In 120 s boot + 60 s step it will be 3450 > 3400: power on now, so the host is usable in time.
        ClusterFixture c = cluster().host("h1").host("h2")
                .host("big", off()).host("spare", off())
                .guest("a", "h1", 1200, 1250, 1300, 1400, 1500).guest("b", "h2", 1200, 1250, 1300, 1400, 1500);
        Plan plan = requireValid(c.view(), policy.plan(c.view()));
        assertThat(poweredOn(plan)).containsExactly("big");
        assertThat(plan.actions()).singleElement().satisfies(a -> assertThat(a.reason())
                .contains("projected demand 3450 MIPS in 180 s (boot time included) > 85% of 4000 MIPS"));

        // Once it boots, nothing more is powered on, and nothing is powered off while demand is that high.
        Plan booting = policy.plan(c.apply(plan).view());
        assertThat(poweredOn(booting)).isEmpty();
        assertThat(poweredOff(booting)).isEmpty();
    }

    @Test
    void eachOffHostIsJudgedOverItsOwnBootTime_theSlowOneStartsNow_theFastOneWaits() {
        // As above (3000 MIPS, +2.5 MIPS/s, 3400 = 85% of what is on), but "big" boots in 30 s: in 30 + 60 s demand
        // is 3225, under 3400, so big can wait. "slow" boots in 600 s: in 660 s demand is 4650: it must start now.
        ClusterFixture c = cluster().host("h1").host("h2")
                .host("big", off(30)).host("slow", off(600))
                .guest("a", "h1", 1200, 1250, 1300, 1400, 1500).guest("b", "h2", 1200, 1250, 1300, 1400, 1500);
        Plan plan = requireValid(c.view(), policy.plan(c.view()));
        assertThat(poweredOn(plan)).containsExactly("slow");
        assertThat(plan.actions()).singleElement().satisfies(a -> assertThat(a.reason())
                .startsWith("projected demand 4650 MIPS in 660 s (boot time included) > 85% of 4000 MIPS"));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("demand 3000 MIPS now, 4650 projected in 660 s"));

        // Hosts that all boot in 30 s: nothing needs to start yet.
        ClusterFixture fast = cluster().host("h1").host("h2")
                .host("big", off(30)).host("spare", off(30))
                .guest("a", "h1", 1200, 1250, 1300, 1400, 1500).guest("b", "h2", 1200, 1250, 1300, 1400, 1500);
        assertThat(policy.plan(fast.view()).actions()).isEmpty();
    }

    @Test
    void anEmptyHostThatWouldTakeTooLongToComeBackStaysOn() {
        // 1800 MIPS rising by 1 MIPS/s on h1 + h2; switching e off leaves 4000 MIPS, 60% of it is 2400. Booting in
        // 0 s, e would be back in one step (1860 projected): it goes off. Booting in 600 s (2460 projected): it stays.
        for (long boot : new long[] {0, 600}) {
            ClusterFixture c = cluster().host("h1").host("h2").host("e", bootsIn(boot))
                    .guest("a", "h1", 780, 810, 840, 870, 900).guest("b", "h2", 780, 810, 840, 870, 900);
            Plan plan = requireValid(c.view(), policy.plan(c.view()));
            if (boot == 0) {
                assertThat(poweredOff(plan)).containsExactly("e");
                assertThat(plan.actions()).singleElement().satisfies(a -> assertThat(a.reason())
                        .isEqualTo("e is empty; projected demand 1860 MIPS stays under 60% of the 4000 MIPS left on"));
            } else {
                assertThat(poweredOff(plan)).as("boot %d s", boot).isEmpty();
            }
        }
    }

    @Test
    void flatDemandAtTheSameLevelPowersNothingOn() {
        ClusterFixture c = cluster().host("h1").host("h2").host("big", off())
                .guest("a", "h1", 1500, 1500, 1500).guest("b", "h2", 1500, 1500, 1500);
        Plan plan = policy.plan(c.view());
        assertThat(poweredOn(plan)).isEmpty();
        assertThat(poweredOff(plan)).isEmpty();
    }

    @Test
    void demandBeyondWhatIsOnPowersOnAsManyHostsAsNeeded() {
        ClusterFixture c = cluster().host("h1").host("o1", off()).host("o2", off())
                .host("o3", off())
                .guest("a", "h1", 2000, 2000).guest("b", "h1", 1500, 1500).guest("c", "h1", 1000, 1000);
        // 4500 MIPS projected needs 4500 / 0.85 = 5294 MIPS: three hosts of 2000 on (6000).
        assertThat(poweredOn(policy.plan(c.view()))).containsExactly("o1", "o2");
    }

    @Test
    void aHostAboveThePowerOnThresholdShedsTheSmallestSufficientGuestToTheLeastLoadedHost_andNothingGoesOff() {
        // h1 at 95% (1200 + 700): 200 MIPS over 85%; 700 is the smallest guest that is enough. h2 and h3 are empty.
        ClusterFixture c = cluster().host("h1").host("h2").host("h3")
                .guest("big", "h1", 1200, 1200).guest("mid", "h1", 700, 700);
        Plan plan = policy.plan(c.view());
        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Migrate.class, m -> {
            assertThat(m.guestId()).isEqualTo("mid");
            assertThat(m.toHostId()).isEqualTo("h2");
            assertThat(m.reason()).isEqualTo("h1 demand 95% > 85%; mid (700) to h2 (35% after)");
        });
        // Once relieved, the empty host h3 (and only it) goes off: h2 now runs mid.
        assertThat(poweredOff(policy.plan(c.apply(plan).view()))).containsExactly("h3");
    }

    /** h1 is above the power-on threshold and sheds mid; h2 and h3 are on and empty but for x (idle) on h2. */
    private static ClusterFixture hotH1() {
        return cluster().host("h1").host("h2").host("h3")
                .guest("big", "h1", 1200, 1200).guest("mid", "h1", 700, 700).guest("x", "h2", 0, 0);
    }

    @Test
    void aHardConstraintIsNeverBroken_whenAHotHostSheds() {
        ClusterView free = hotH1().view();
        assertThat(onlyMigration(requireValid(free, policy.plan(free))).toHostId()).as("the first least-loaded host")
                .isEqualTo("h2");

        ClusterFixture c = hotH1();
        c.constraint(apart("mid", "x", true));
        ClusterView view = c.view();
        assertThat(onlyMigration(requireValid(view, policy.plan(view)))).satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("mid");
            assertThat(m.toHostId()).isEqualTo("h3");
        });
    }

    @Test
    void aHardConstraintIsNeverBroken_whenAHostIsEmptiedToBePoweredOff() {
        // As in consolidatesThenPowersOff...: d would go to h1, next to a; the rule sends it to h2.
        ClusterFixture c = cluster().host("h1").host("h2").host("h3")
                .guest("a", "h1", 600, 600, 600).guest("b", "h1", 300, 300, 300)
                .guest("c", "h2", 400, 400, 400).guest("d", "h3", 250, 250, 250);
        c.constraint(apart("d", "a", true));
        ClusterView view = c.view();
        assertThat(onlyMigration(requireValid(view, policy.plan(view)))).satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("d");
            assertThat(m.toHostId()).isEqualTo("h2");
            assertThat(m.reason()).startsWith("consolidate to power h3 off");
        });
    }

    @Test
    void aSoftConstraintIsWeighed_theHostThatKeepsItIsPreferred() {
        ClusterFixture c = hotH1();
        c.constraint(apart("mid", "x", false));
        ClusterView view = c.view();
        assertThat(onlyMigration(requireValid(view, policy.plan(view))).toHostId()).isEqualTo("h3");
    }

    @Test
    void memoryAGuestStillLeavingTheTargetHoldsIsNotPromised() {
        // huge (3700 MiB) is migrating from h2 to h3: h2 keeps its memory until it has left, h3 holds it already.
        // mid (512) fits on neither; h4, on and empty, takes it. Once huge has left h2, h2 (the first) takes it.
        ClusterFixture moving = hotH1().host("h4").guest("huge", "h2", g -> g.memory(3700), 0, 0);
        moving.migrating("huge", "h3", 0.5);
        ClusterView view = moving.view();
        assertThat(onlyMigration(requireValid(view, policy.plan(view)))).satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("mid");
            assertThat(m.toHostId()).isEqualTo("h4");
        });

        ClusterView done = hotH1().host("h4").guest("huge", "h3", g -> g.memory(3700), 0, 0).view();
        assertThat(onlyMigration(requireValid(done, policy.plan(done))).toHostId()).isEqualTo("h2");
    }

    @Test
    void badSettingsAreRefusedNamingEveryProblem() {
        assertThatThrownBy(() -> new EnergySettings("", 1, 0, 0.5, 0.7, 0, 0))
                .hasMessageContaining("attune.policy.name must not be blank")
                .hasMessageContaining("historyCycles must be >= 2")
                .hasMessageContaining("targetUtilization must be in (0, 1], was 0.0")
                .hasMessageContaining("powerOffThreshold must be > 0 and below powerOnThreshold (0.5)")
                .hasMessageContaining("minHostsOn must be >= 1, was 0")
                .hasMessageContaining("maxMigrations must be >= 1, was 0");
    }
}
