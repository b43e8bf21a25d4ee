package org.attune.policy.beloglazov.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.attune.testing.cluster.Plans.migrations;
import static org.attune.testing.cluster.TestConstraints.apart;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.List;

import org.attune.api.ClusterView;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.policy.Action;
import org.attune.api.policy.Plan;
import org.attune.model.validation.Limits;
import org.attune.model.validation.PlanValidator;
import org.attune.model.validation.Refusal;
import org.attune.model.validation.Validation;
import org.attune.policy.beloglazov.BeloglazovPolicy;
import org.attune.policy.beloglazov.BeloglazovSettings;
import org.attune.policy.beloglazov.Detection;
import org.attune.testing.cluster.ClusterFixture;
import org.attune.testing.cluster.ClusterFixture.GuestOptions;
import org.junit.jupiter.api.Test;

class BeloglazovPolicyTest {

    /**
     * A hand-made cluster: hosts of 1000 MIPS (2 cores, 4096 MiB, linear 100-200 W) unless said otherwise, guests of
     * one vCPU with a demand history in MIPS, oldest first, one sample every 5 minutes; the last value is the demand
     * now.
     */
    private static ClusterFixture cluster() {
        return ClusterFixture.create().hosts(h -> h.capacity(1000).profile(PowerProfile.linear(100, 200)))
                .sampleInterval(Duration.ofMinutes(5));
    }

    /** A guest of {@code miB} MiB (512 unless said). */
    private static Consumer<GuestOptions> mem(long miB) {
        return g -> g.memory(miB);
    }

    private static Plan plan(BeloglazovSettings settings, ClusterView view) {
        return new BeloglazovPolicy(settings).plan(view);
    }

    private static double[] repeat(double value, int n) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, value);
        return d;
    }

    // --- detectors -------------------------------------------------------------------------------------------

    @Test
    void thr_flagsAHostAboveTheThreshold_only() {
        ClusterFixture c = cluster().host("h1").host("h2").guest("a", "h1", 850).guest("b", "h2", 750);
        Planner p = new Planner(c.view(), BeloglazovSettings.of("thr", Detection.THR, 0.8));
        assertThat(p.overloaded(0, -1)).isTrue();
        assertThat(p.overloaded(1, -1)).isFalse();
    }

    @Test
    void iqr_steadyHistoryRaisesTheThreshold_volatileHistoryLowersIt() {
        double[] volatileHistory = new double[12];
        for (int i = 0; i < 12; i++) {
            volatileHistory[i] = i % 2 == 0 ? 300 : 900;
        }
        volatileHistory[11] = 500; // current share 0.5, IQR 0.6: upper threshold 1 - 1.5 * 0.6 = 0.1
        ClusterFixture c = cluster().host("steady").host("volatile")
                .guest("a", "steady", repeat(850, 12)) // share 0.85 but IQR 0: upper threshold 1
                .guest("b", "volatile", volatileHistory);
        Planner p = new Planner(c.view(), BeloglazovSettings.of("iqr", Detection.IQR, 1.5));
        assertThat(p.overloaded(0, -1)).isFalse();
        assertThat(p.overloaded(1, -1)).isTrue();
    }

    @Test
    void mad_steadyHistoryRaisesTheThreshold_volatileHistoryLowersIt() {
        double[] volatileHistory = {200, 800, 200, 800, 200, 800, 200, 800, 200, 800, 200, 700};
        // median 0.45, MAD 0.25: upper threshold 1 - 2.5 * 0.25 = 0.375 < 0.7
        ClusterFixture c = cluster().host("steady").host("volatile")
                .guest("a", "steady", repeat(900, 12))
                .guest("b", "volatile", volatileHistory);
        Planner p = new Planner(c.view(), BeloglazovSettings.of("mad", Detection.MAD, 2.5));
        assertThat(p.overloaded(0, -1)).isFalse();
        assertThat(p.overloaded(1, -1)).isTrue();
    }

    @Test
    void adaptiveDetectors_fallBackToTheStaticThreshold_whileHistoryIsShort() {
        // 9 samples (< 12 for IQR, < 10 for LR): both use 0.7, so 0.75 is overloaded and 0.65 is not; with the
        // history they need, a flat 0.75 is not overloaded for either (IQR 0: threshold 1; LR 0.75 x 1.2 < 1).
        ClusterFixture c = cluster().host("h1").host("h2")
                .guest("a", "h1", repeat(750, 9)).guest("b", "h2", repeat(650, 9));
        ClusterFixture longer = cluster().host("h1").guest("a", "h1", repeat(750, 12));
        assertThat(new Planner(longer.view(), BeloglazovSettings.of("iqr", Detection.IQR, 1.5)).overloaded(0, -1)).isFalse();
        assertThat(new Planner(longer.view(), BeloglazovSettings.of("lr", Detection.LR, 1.2)).overloaded(0, -1)).isFalse();
        Planner iqr = new Planner(c.view(), BeloglazovSettings.of("iqr", Detection.IQR, 1.5));
        assertThat(iqr.overloaded(0, -1)).isTrue();
        assertThat(iqr.overloaded(1, -1)).isFalse();
        Planner lr = new Planner(c.view(), BeloglazovSettings.of("lr", Detection.LR, 1.2));
        assertThat(lr.overloaded(0, -1)).isTrue();
        assertThat(lr.overloaded(1, -1)).isFalse();
    }

    @Test
    void lr_flagsARisingHost_andNotAFlatOneAtTheSameLevel() {
        double[] rising = {450, 500, 550, 600, 650, 700, 750, 800, 850, 900}; // predicts 0.95, x 1.2 >= 1
        ClusterFixture c = cluster().host("rising").host("flat")
                .guest("a", "rising", rising).guest("b", "flat", repeat(800, 10)); // 0.8 x 1.2 = 0.96
        for (boolean compat : new boolean[] {false, true}) {
            Planner p = new Planner(c.view(), BeloglazovSettings.of("lr", Detection.LR, 1.2).withCloudsimCompatible(compat));
            assertThat(p.predict(p.history(0, -1))).isCloseTo(0.95, within(1e-9));
            assertThat(p.overloaded(0, -1)).isTrue();
            assertThat(p.overloaded(1, -1)).isFalse();
        }
    }

    @Test
    void lr_inCloudsimCompatibleMode_isOrdinaryLeastSquares_andWeightsTheNewestOtherwise() {
        // Flat at 0.5, then a jump at the newest sample. OLS over x = 1..10 predicts at x = 11.
        double[] history = {500, 500, 500, 500, 500, 500, 500, 500, 500, 900};
        ClusterFixture c = cluster().host("h").guest("a", "h", history);
        double[] y = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.9};
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] ols = Stats.fit(x, y, null);
        Planner compat = new Planner(c.view(), BeloglazovSettings.of("lr", Detection.LR, 1.2).withCloudsimCompatible(true));
        Planner weighted = new Planner(c.view(), BeloglazovSettings.of("lr", Detection.LR, 1.2));
        assertThat(compat.predict(compat.history(0, -1))).isCloseTo(ols[0] + ols[1] * 11, within(1e-12));
        // Tricube weights favour the recent jump: the prediction is higher than plain least squares.
        assertThat(weighted.predict(weighted.history(0, -1))).isGreaterThan(ols[0] + ols[1] * 11 + 0.01);
    }

    @Test
    void lrr_ignoresAnOutlierThatLrFollows() {
        double[] history = {600, 600, 600, 600, 600, 600, 1000, 600, 600, 600}; // one spike, then back to 0.6
        ClusterFixture c = cluster().host("h").guest("a", "h", history);
        Planner lr = new Planner(c.view(), BeloglazovSettings.of("lr", Detection.LR, 1.2));
        Planner lrr = new Planner(c.view(), BeloglazovSettings.of("lrr", Detection.LRR, 1.2));
        double robust = lrr.predict(lrr.history(0, -1));
        assertThat(robust).isCloseTo(0.6, within(0.01));
        assertThat(lr.predict(lr.history(0, -1))).isGreaterThan(robust + 0.02);
    }

    @Test
    void hostHistory_isTheSumOfItsGuestsHistories_alignedOnTheNewest() {
        ClusterFixture c = cluster().host("h").guest("a", "h", 100, 200, 300).guest("b", "h", 400, 500);
        Planner p = new Planner(c.view(), BeloglazovSettings.of("iqr", Detection.IQR, 1.5));
        assertThat(p.history(0, -1)).containsExactly(new double[] {0.8, 0.6, 0.1}, within(1e-12));
    }

    @Test
    void hostHistory_keepsIdleSamples_andOnlyTheCompatibleModeTrimsTrailingZeros() {
        // a was idle, then busy; b was busy, then idle: newest first the sum is 0.3, 0, 0.4 (a real idle moment).
        ClusterFixture c = cluster().host("h").host("g").guest("a", "h", 0, 0, 300).guest("b", "h", 400, 0, 0)
                .guest("n", "g", 0, 0, 500);
        Planner realistic = new Planner(c.view(), BeloglazovSettings.of("iqr", Detection.IQR, 1.5));
        Planner compat = new Planner(c.view(), BeloglazovSettings.of("iqr", Detection.IQR, 1.5).withCloudsimCompatible(true));
        assertThat(realistic.history(0, -1)).containsExactly(new double[] {0.3, 0, 0.4}, within(1e-12));
        assertThat(compat.history(0, -1)).containsExactly(new double[] {0.3, 0, 0.4}, within(1e-12));
        // A guest new after an idle stretch: realistic keeps its three samples, CloudSim trims the zero tail.
        assertThat(realistic.history(1, -1)).containsExactly(new double[] {0.5, 0, 0}, within(1e-12));
        assertThat(compat.history(1, -1)).containsExactly(new double[] {0.5}, within(1e-12));
    }

    // --- selection, placement, under-load ----------------------------------------------------------------------

    @Test
    void mmt_movesTheGuestWithTheLeastMemory() {
        ClusterFixture c = cluster().host("hot").host("spare")
                .guest("big", "hot", mem(1740), 300).guest("small", "hot", mem(613), 300)
                .guest("mid", "hot", mem(870), 300);
        Plan plan = plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view());
        assertThat(migrations(plan)).first().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("small");
            assertThat(m.fromHostId()).isEqualTo("hot");
            assertThat(m.toHostId()).isEqualTo("spare");
        });
    }

    @Test
    void mmt_keepsTakingGuestsUntilTheHostIsNoLongerOverloaded() {
        // 1.2 -> without small (0.1): 1.1 -> without mid (0.3): 0.8, not above 0.8: stop.
        ClusterFixture c = cluster().host("hot").host("spare", h -> h.capacity(4000).memory(8192))
                .guest("big", "hot", mem(1740), 800).guest("small", "hot", mem(613), 100)
                .guest("mid", "hot", mem(870), 300);
        Planner p = new Planner(c.view(), BeloglazovSettings.of("thr", Detection.THR, 0.8));
        List<Action.Migrate> moves = migrations(p.plan()).stream().filter(m -> m.fromHostId().equals("hot")).toList();
        assertThat(moves).extracting(Action.Migrate::guestId).containsExactly("mid", "small"); // placed by demand, decreasing
    }

    @Test
    void pabfd_placesOnTheHostWhosePowerGrowsLeast() {
        // Both idle spare hosts take the guest; the one with the flatter power curve wins although it comes later.
        BeloglazovSettings settings = BeloglazovSettings.of("thr", Detection.THR, 0.8);
        ClusterFixture c = cluster().host("hot")
                .host("steep", h -> h.profile(PowerProfile.linear(100, 300)))
                .host("flat", h -> h.profile(PowerProfile.linear(150, 200)))
                .guest("a", "hot", 500).guest("b", "hot", mem(1024), 500)
                .guest("x", "steep", 100).guest("y", "flat", 100);
        Plan plan = plan(settings, c.view());
        assertThat(migrations(plan)).first().satisfies(m -> {
            assertThat(m.guestId()).isEqualTo("a");
            assertThat(m.toHostId()).isEqualTo("flat");
        });
    }

    @Test
    void pabfd_skipsHostsTheGuestWouldOverload_orThatLackMemory() {
        ClusterFixture c = cluster().host("hot").host("busy").host("tight", h -> h.memory(1024)).host("ok")
                .guest("a", "hot", 500).guest("b", "hot", mem(1024), 500)
                .guest("x", "busy", 600)   // 0.6 + 0.5 > 0.8
                .guest("y", "tight", mem(800), 100)  // 800 + 512 > 1024 MiB
                .guest("z", "ok", 100);
        Plan plan = plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view());
        assertThat(migrations(plan)).first().satisfies(m -> assertThat(m.toHostId()).isEqualTo("ok"));
    }

    @Test
    void underload_emptiesTheLeastUtilisedHost_ontoTheOthers() {
        ClusterFixture c = cluster().host("h1").host("h2").host("h3")
                .guest("a", "h1", 500).guest("b", "h2", 100).guest("c", "h2", 50)
                .guest("d", "h3", 300);
        Plan plan = plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view());
        // h2 (15%) is the emptiest; both its guests go; nothing comes back to h2.
        List<Action.Migrate> moves = migrations(plan);
        assertThat(moves).extracting(Action.Migrate::guestId).startsWith("b", "c");
        assertThat(moves.subList(0, 2)).allSatisfy(m -> {
            assertThat(m.fromHostId()).isEqualTo("h2");
            assertThat(m.toHostId()).isNotEqualTo("h2");
        });
        assertThat(moves).noneMatch(m -> m.toHostId().equals("h2"));
    }

    @Test
    void underload_movesNothingWhenTheHostCannotBeEmptiedCompletely() {
        // h2's 700-MIPS guest fits nowhere under 0.8 (h1 is at 0.5): h2 stays as it is, and so does h1.
        ClusterFixture c = cluster().host("h1").host("h2")
                .guest("a", "h1", 500).guest("b", "h2", 100).guest("c", "h2", 150);
        ClusterFixture heavy = cluster().host("h1").host("h2")
                .guest("a", "h1", 500).guest("b", "h2", 350).guest("c", "h2", 40);
        assertThat(migrations(plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view())))
                .extracting(Action.Migrate::fromHostId).containsOnly("h2"); // 0.25 fits on h1 (0.75)
        assertThat(plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), heavy.view()).actions()).isEmpty();
    }

    @Test
    void pinnedGuestsAreNeitherSelectedNorEvacuated() {
        ClusterFixture c = cluster().host("hot").host("spare")
                .guest("small", "hot", mem(613), 400).guest("big", "hot", mem(1740), 450);
        c.pin("small");
        Plan plan = plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view());
        assertThat(migrations(plan)).extracting(Action.Migrate::guestId).containsExactly("big");
    }

    @Test
    void planCarriesTheVariantName() {
        BeloglazovPolicy policy = new BeloglazovPolicy(BeloglazovSettings.of("lr-mmt-1.2", Detection.LR, 1.2));
        assertThat(policy.name()).isEqualTo("lr-mmt-1.2");
        assertThat(policy.plan(cluster().host("h").view()).policy()).isEqualTo("lr-mmt-1.2");
    }

    // --- settings, power and the shared model ----------------------------------------------------------------

    @Test
    void settings_rejectNonsense() {
        assertThatThrownBy(() -> Detection.parse("foo")).hasMessageContaining("thr, iqr, mad, lr, lrr");
        assertThatThrownBy(() -> BeloglazovSettings.of("x", Detection.THR, -1)).hasMessageContaining("parameter must be > 0");
    }

    @Test
    void aHostThatIsOffIsPoweredOnWhenNoRunningHostCanTakeTheGuest_andTheMoveWaitsForItsBoot() {
        ClusterFixture c = cluster().host("hot").host("full")
                .host("off", h -> h.power(PowerState.OFF))
                .guest("a", "hot", 500).guest("b", "hot", 450).guest("x", "full", 700);
        Plan plan = plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view());
        assertThat(plan.actions()).first().isEqualTo(new Action.PowerOn("off", plan.actions().get(0).reason()));
        assertThat(plan.actions()).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(Action.Migrate.class,
                m -> assertThat(m.toHostId()).isEqualTo("off")));
        Validation v = new PlanValidator(Limits.NONE).validate(c.view(), plan.actions());
        assertThat(v.refused()).isEmpty();
        assertThat(v.deferred()).singleElement().satisfies(s -> assertThat(s.reason().code())
                .isEqualTo(Refusal.Code.BOOTING));
    }

    @Test
    void emptyHostsAreSwitchedOff_exceptInTheCloudsimCompatibleVariant() {
        ClusterFixture c = cluster().host("h1").host("idle").guest("a", "h1", 500);
        assertThat(plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view()).actions())
                .containsExactly(new Action.PowerOff("idle", "idle is empty: switched off"));
        assertThat(plan(BeloglazovSettings.of("thr", Detection.THR, 0.8).withCloudsimCompatible(true), c.view())
                .actions()).isEmpty();
    }

    @Test
    void anEvacuatedHostIsSwitchedOffOnceItsGuestsHaveLeft() {
        ClusterFixture c = cluster().host("h1").host("h2")
                .guest("a", "h1", 500).guest("b", "h2", 100);
        Plan plan = plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view());
        assertThat(plan.actions()).containsExactly(plan.actions().get(0),
                new Action.PowerOff("h2", "h2 is empty once its guests have left: switched off"));
        Validation v = new PlanValidator(Limits.NONE).validate(c.view(), plan.actions());
        assertThat(v.steps()).extracting(Validation.Step::verdict)
                .containsExactly(Validation.Verdict.ACCEPTED, Validation.Verdict.DEFERRED);
    }

    @Test
    void memoryHeldByAMigrationInFlightIsRespected() {
        // "spare" would take a (512 MiB) but 3,800 MiB of it are held by c migrating there.
        ClusterFixture c = cluster().host("hot").host("spare").host("other")
                .guest("a", "hot", 500).guest("b", "hot", 450).guest("c", "other", mem(3800), 10);
        c.migrating("c", "spare", 0.5);
        Plan plan = plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view());
        assertThat(migrations(plan)).noneMatch(m -> m.toHostId().equals("spare"));
        assertThat(new PlanValidator(Limits.NONE).validate(c.view(), plan.actions()).refused()).isEmpty();
    }

    @Test
    void aHardPlacementConstraintIsNeverBroken() {
        // Without the rule, a goes to "near" (the only host with room at the least power cost): a and x must stay apart.
        ClusterFixture c = cluster().host("hot").host("near").host("far", h -> h.profile(PowerProfile.linear(150, 400)))
                .guest("a", "hot", 500).guest("b", "hot", 450).guest("x", "near", 100)
                .guest("y", "far", 100);
        Plan free = plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view());
        assertThat(migrations(free)).anySatisfy(m -> {
            assertThat(m.guestId()).isEqualTo("a");
            assertThat(m.toHostId()).isEqualTo("near");
        });
        c.constraint(apart("a", "x"));
        Plan bound = plan(BeloglazovSettings.of("thr", Detection.THR, 0.8), c.view());
        assertThat(migrations(bound)).noneMatch(m -> m.guestId().equals("a") && m.toHostId().equals("near"))
                .noneMatch(m -> m.guestId().equals("x") && m.toHostId().equals("far"));
        assertThat(new PlanValidator(Limits.NONE).validate(c.view(), bound.actions()).refused()).isEmpty();
    }
}
