package org.attune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.MetricHistory;
import org.attune.api.Metrics;
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerProfile;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.attune.api.driver.MigrationMode;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.PlacementState;
import org.junit.jupiter.api.Test;

class ClusterModelTest {

    /** A small cluster to build views from. */
    static final class Cluster {
        final List<Host> hosts = new ArrayList<>();
        final List<Guest> guests = new ArrayList<>();
        final Map<String, String> placement = new HashMap<>();
        final Map<MetricHistory.Key, Series> series = new HashMap<>();
        final List<MigrationInFlight> inFlight = new ArrayList<>();
        final List<PlacementConstraint> constraints = new ArrayList<>();
        Set<String> pinned = Set.of();

        Cluster host(String id, double capacity, long memory) {
            return host(id, capacity, memory, PowerState.ON, "d");
        }

        Cluster host(String id, double capacity, long memory, PowerState power, String driver) {
            hosts.add(new Host(id, id, driver, capacity, 2, memory, power, Availability.ONLINE, "",
                    PowerProfile.linear(100, 200)));
            return this;
        }

        Cluster guest(String id, String host, long memory, double... demand) {
            guests.add(new Guest(id, id, 1, memory, "", "", Map.of(), GuestState.RUNNING));
            placement.put(id, host);
            if (demand.length > 0) {
                series.put(new MetricHistory.Key(Subject.guest(id), Metrics.CPU_DEMAND), Series.regular(0, 1000, demand));
            }
            return this;
        }

        Cluster migrating(String guest, String from, String to) {
            inFlight.add(new MigrationInFlight(guest, from, to, Instant.EPOCH, 0.5));
            return this;
        }

        ClusterView view() {
            return ClusterView.builder().time(Instant.EPOCH).hosts(hosts).guests(guests).placement(placement)
                    .metrics(new MetricHistory(series)).inFlight(inFlight).pinned(pinned).constraints(constraints)
                    .build();
        }

        ClusterModel model() {
            return ClusterModel.of(view());
        }
    }

    /** Keeps two guests apart. */
    static PlacementConstraint apart(String one, String other, boolean hard) {
        return new PlacementConstraint() {
            @Override
            public String name() {
                return "apart";
            }

            @Override
            public boolean hard() {
                return hard;
            }

            @Override
            public Set<String> guests() {
                return Set.of(one, other);
            }

            @Override
            public String refusal(PlacementState placement, String guestId, String hostId) {
                String peer = guestId.equals(one) ? other : one;
                return placement.guestsOn(hostId).contains(peer) ? one + " and " + other + " stay apart" : null;
            }
        };
    }

    @Test
    void startsFromTheViewWithMigrationsInFlightAtTheirTargetAndTheirMemoryOnBothEnds() {
        ClusterModel m = new Cluster().host("a", 2000, 4096).host("b", 2000, 4096)
                .guest("g", "a", 1000, 300).guest("h", "a", 500, 100).migrating("g", "a", "b").model();
        int a = m.hostIndex("a");
        int b = m.hostIndex("b");
        int g = m.guestIndex("g");
        assertThat(m.hostOf(g)).isEqualTo(b);
        assertThat(m.sourceOf(g)).isEqualTo(a);
        assertThat(m.inFlight(g)).isTrue();
        assertThat(m.pinned(g)).isTrue();
        assertThat(m.demandOn(a)).isEqualTo(100);
        assertThat(m.demandOn(b)).isEqualTo(300);
        assertThat(m.memoryUsed(a)).isEqualTo(1500);
        assertThat(m.memoryUsed(b)).isEqualTo(1000);
        assertThat(m.memoryAfterMoves(a)).isEqualTo(500);
        assertThat(m.incoming(b)).isEqualTo(1);
        assertThat(m.outgoing(a)).isEqualTo(1);
        assertThat(m.leavingCount(a)).isEqualTo(1);
        assertThat(m.empty(b)).isFalse();
    }

    @Test
    void aHostsOwnDemandSampleIsItsStartingFigure() {
        Cluster c = new Cluster().host("a", 2000, 4096).guest("g", "a", 512, 300);
        c.series.put(new MetricHistory.Key(Subject.host("a"), Metrics.CPU_DEMAND), Series.regular(0, 1000, 0.25));
        ClusterModel m = c.model();
        assertThat(m.demandOn(0)).isEqualTo(500); // 0.25 x 2000, more than its one guest shows
        assertThat(m.share(0)).isEqualTo(0.25);
    }

    @Test
    void aMoveProjectsCpuAtTheTargetAndHoldsMemoryOnTheSourceUntilItEnds() {
        ClusterModel m = new Cluster().host("a", 2000, 2048).host("b", 2000, 2048)
                .guest("g", "a", 1024, 400).guest("x", "b", 1024, 100).model();
        int a = 0;
        int b = 1;
        int g = m.guestIndex("g");
        assertThat(m.fits(g, b)).isTrue();
        m.move(g, b, "test");
        assertThat(m.demandOn(a)).isZero();
        assertThat(m.demandOn(b)).isEqualTo(500);
        assertThat(m.memoryUsed(a)).isEqualTo(1024); // held until the migration ends
        assertThat(m.memoryUsed(b)).isEqualTo(2048);
        assertThat(m.guestCount(a)).isZero();
        assertThat(m.empty(a)).isFalse();
        assertThat(m.actions()).containsExactly(new Action.Migrate("g", "a", "b", MigrationMode.LIVE, "test"));
        // a is full for a move that should start now, not once g has gone.
        ClusterModel again = new Cluster().host("a", 2000, 2048).host("b", 2000, 2048)
                .guest("g", "a", 1024, 400).guest("y", "a", 1024, 10).guest("x", "b", 1024, 100)
                .guest("z", "b", 512, 10).model();
        again.move(again.guestIndex("x"), 0, "first");
        int z = again.guestIndex("z");
        assertThat(again.fits(z, 0)).isFalse();
        assertThat(again.refusal(z, 0)).contains("0 MiB free");
        assertThat(again.refusalAfterMoves(z, 0)).contains("will have 0 MiB free");
    }

    @Test
    void refusalsNameWhatIsWrong() {
        Cluster c = new Cluster().host("a", 2000, 4096).host("off", 2000, 4096, PowerState.OFF, "d")
                .host("other", 2000, 4096, PowerState.ON, "e").host("small", 2000, 512)
                .guest("g", "a", 1024, 100);
        ClusterModel m = c.model();
        int g = 0;
        assertThat(m.refusal(g, m.hostIndex("a"))).contains("already on a");
        assertThat(m.refusal(g, m.hostIndex("off"))).contains("ONLINE/OFF");
        assertThat(m.refusal(g, m.hostIndex("other"))).contains("another driver");
        assertThat(m.refusal(g, m.hostIndex("small"))).contains("512 MiB free").contains("needs 1024");
        assertThat(m.wakeable(m.hostIndex("off"))).isTrue();
        assertThat(m.fitsIfPoweredOn(g, m.hostIndex("off"))).isTrue();
        assertThat(m.refusalIfPoweredOn(g, m.hostIndex("off"))).isNull();
    }

    @Test
    void hardConstraintsRefuse_softOnesAreCounted_andBothSeeGuestsStillLeaving() {
        Cluster c = new Cluster().host("a", 2000, 4096).host("b", 2000, 4096).host("c", 2000, 4096)
                .guest("x", "a", 512, 100).guest("y", "b", 512, 100);
        c.constraints.add(apart("x", "y", true));
        ClusterModel m = c.model();
        int x = m.guestIndex("x");
        int y = m.guestIndex("y");
        assertThat(m.fits(x, 1)).isFalse();
        assertThat(m.refusal(x, 1)).isEqualTo("constraint apart: x and y stay apart");
        assertThat(m.objectingConstraint(x, 1).name()).isEqualTo("apart");
        // y leaves b: while it migrates it is still there, so x may only follow once it has gone.
        m.move(y, 2, "away");
        assertThat(m.fits(x, 1)).isFalse();
        assertThat(m.refusalAfterMoves(x, 1)).isNull();
        assertThat(m.violations(x)).isEmpty();

        Cluster soft = new Cluster().host("a", 2000, 4096).host("b", 2000, 4096)
                .guest("x", "a", 512, 100).guest("y", "b", 512, 100);
        soft.constraints.add(apart("x", "y", false));
        ClusterModel s = soft.model();
        assertThat(s.fits(0, 1)).isTrue();
        assertThat(s.softViolations(0, 1)).isEqualTo(1);
    }

    @Test
    void aConstraintThatThrowsRefusesNamingTheFailure() {
        Cluster c = new Cluster().host("a", 2000, 4096).host("b", 2000, 4096).guest("x", "a", 512, 100);
        c.constraints.add(new PlacementConstraint() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public boolean hard() {
                return true;
            }

            @Override
            public Set<String> guests() {
                return Set.of();
            }

            @Override
            public String refusal(PlacementState placement, String guestId, String hostId) {
                throw new IllegalStateException("bug");
            }
        });
        assertThat(c.model().refusal(0, 1)).contains("constraint broken: failed: java.lang.IllegalStateException: bug");
    }

    @Test
    void evictAndRestore_andMoveAnEvictedGuest() {
        ClusterModel m = new Cluster().host("a", 2000, 4096).host("b", 2000, 4096)
                .guest("g", "a", 1024, 400).guest("h", "a", 512, 100).model();
        int g = m.guestIndex("g");
        m.evict(g);
        assertThat(m.evicted(g)).isTrue();
        assertThat(m.hostOf(g)).isEqualTo(-1);
        assertThat(m.demandOn(0)).isEqualTo(100);
        assertThat(m.memoryUsed(0)).isEqualTo(1536); // still held: it has not left yet
        assertThat(m.actions()).isEmpty();
        m.restore(g);
        assertThat(m.hostOf(g)).isZero();
        assertThat(m.demandOn(0)).isEqualTo(500);
        assertThat(m.guestOn(0, 1)).isEqualTo(g); // last in order, as a guest that arrives
        m.evict(g);
        m.move(g, 1, "placed");
        assertThat(m.actions()).containsExactly(new Action.Migrate("g", "a", "b", MigrationMode.LIVE, "placed"));
        assertThatThrownBy(() -> m.restore(g)).hasMessageContaining("not evicted");
    }

    @Test
    void aSecondMoveRetargets_orChainsForCloudsim_andMovingBackCancels() {
        ClusterModel m = new Cluster().host("a", 2000, 4096).host("b", 2000, 4096).host("c", 2000, 4096)
                .guest("g", "a", 1024, 400).model();
        m.move(0, 1, "one");
        m.move(0, 2, "two");
        assertThat(m.actions()).containsExactly(new Action.Migrate("g", "a", "c", MigrationMode.LIVE, "two"));
        assertThat(m.incoming(1)).isZero();
        m.move(0, 0, "back");
        assertThat(m.actions()).isEmpty();
        assertThat(m.movedByPlan(0)).isFalse();

        ClusterModel chained = new Cluster().host("a", 2000, 4096).host("b", 2000, 4096).host("c", 2000, 4096)
                .guest("g", "a", 1024, 400).model();
        chained.move(0, 1, MigrationMode.LIVE, "one", true);
        chained.move(0, 2, MigrationMode.LIVE, "two", true);
        assertThat(chained.actions()).extracting(a -> ((Action.Migrate) a).fromHostId() + ">"
                + ((Action.Migrate) a).toHostId()).containsExactly("a>b", "b>c");
    }

    @Test
    void rollbackUndoesMovesPowerAndActionsExactly_orderOfGuestsIncluded() {
        ClusterModel m = new Cluster().host("a", 2000, 4096).host("b", 2000, 4096)
                .host("off", 2000, 4096, PowerState.OFF, "d")
                .guest("g1", "a", 512, 100).guest("g2", "a", 512, 200).guest("g3", "a", 512, 300).model();
        int[] before = m.guestsOnHost(0);
        double demand = m.demandOn(0);
        int mark = m.mark();
        m.move(1, 1, "x");
        m.powerOn(2, "y");
        m.move(0, 2, "z");
        m.evict(2);
        assertThat(m.actions()).hasSize(3);
        m.rollback(mark);
        assertThat(m.guestsOnHost(0)).containsExactly(before);
        assertThat(m.demandOn(0)).isEqualTo(demand);
        assertThat(m.power(2)).isEqualTo(PowerState.OFF);
        assertThat(m.actions()).isEmpty();
        assertThat(m.memoryUsed(0)).isEqualTo(1536);
        assertThat(m.leavingCount(0)).isZero();
        assertThat(m.incoming(1)).isZero();
    }

    @Test
    void powerTransitions() {
        ClusterModel m = new Cluster().host("a", 2000, 4096).host("off", 2000, 4096, PowerState.OFF, "d")
                .host("idle", 2000, 4096).guest("g", "a", 512, 100).model();
        m.powerOn(1, "need");
        assertThat(m.power(1)).isEqualTo(PowerState.BOOTING);
        assertThat(m.canReceive(1)).isTrue();
        assertThat(m.usable(1)).isFalse();
        m.powerOff(2, "empty");
        assertThat(m.power(2)).isEqualTo(PowerState.SHUTTING_DOWN);
        assertThatThrownBy(() -> m.powerOff(0, "busy")).hasMessageContaining("1 guest(s) on it");
        assertThatThrownBy(() -> m.powerOn(0, "on")).hasMessageContaining("cannot be powered on");
        assertThat(m.actions()).containsExactly(new Action.PowerOn("off", "need"), new Action.PowerOff("idle", "empty"));
    }

    @Test
    void emptyHostsSwitchOff_includingOnesWhoseGuestsAreStillLeaving() {
        ClusterModel m = new Cluster().host("busy", 2000, 4096).host("idle", 2000, 4096)
                .host("off", 2000, 4096, PowerState.OFF, "d").host("leaving", 2000, 4096)
                .guest("g", "busy", 512, 100).guest("h", "leaving", 512, 100).model();
        m.move(m.guestIndex("h"), 0, "away");
        assertThat(m.powerOffEmptyHosts()).isEqualTo(2);
        assertThat(m.power(0)).isEqualTo(PowerState.ON);
        assertThat(m.power(2)).isEqualTo(PowerState.OFF);
        assertThat(m.actions()).contains(new Action.PowerOff("idle", "idle is empty: switched off"),
                new Action.PowerOff("leaving", "leaving is empty once its guests have left: switched off"));
        assertThat(m.powerOffEmptyHosts()).isZero();
    }

    @Test
    void aggregatesFollowMovesAndRollbacks() {
        ClusterModel m = new Cluster().host("a", 2000, 4096).host("b", 2000, 4096)
                .guest("g", "a", 512, 1, 2, 3).guest("h", "a", 512, 10, 20, 30).guest("x", "b", 512, 100, 100, 100)
                .model();
        Aggregate agg = m.aggregate(3, g -> m.history(g).tail(3));
        assertThat(agg.sum(0)).containsExactly(11, 22, 33);
        assertThat(agg.sumWith(1, 0, new double[3])).containsExactly(101, 102, 103);
        assertThat(agg.sumWithout(0, 1, new double[3])).containsExactly(1, 2, 3);
        int mark = m.mark();
        m.move(0, 1, "x");
        assertThat(agg.sum(0)).containsExactly(10, 20, 30);
        assertThat(agg.sum(1)).containsExactly(101, 102, 103);
        m.rollback(mark);
        assertThat(agg.sum(0)).containsExactly(11, 22, 33);
        assertThat(agg.sum(1)).containsExactly(100, 100, 100);
    }

    @Test
    void actsAsThePlacementStateConstraintsSee() {
        ClusterModel m = new Cluster().host("a", 2000, 4096).host("b", 2000, 4096)
                .guest("g", "a", 1024, 400).model();
        assertThat(m.hostOf("g")).isEqualTo("a");
        assertThat(m.guestsOn("a")).containsExactly("g");
        assertThat(m.guestsOn("nope")).isEmpty();
        assertThat(m.memoryUsed("a")).isEqualTo(1024);
        assertThat(m.cpuDemand("a")).isEqualTo(400);
        m.move(0, 1, "x");
        assertThat(m.hostOf("g")).isEqualTo("b");
        assertThat(m.guestsOn("a")).isEmpty();
    }

    @Test
    void cappedDemandIsAtMostOneCorePerVcpu() {
        ClusterModel m = new Cluster().host("a", 2000, 4096).guest("g", "a", 512, 1500).model();
        assertThat(m.demand(0)).isEqualTo(1500);
        assertThat(m.cappedDemand(0, 0)).isEqualTo(1000); // 2 cores of 1000, one vCPU
        assertThat(m.cappedDemandOn(0)).isEqualTo(1000);
        assertThat(m.fits(0, 0, 1.0)).isFalse(); // already there
    }

    @Test
    void scalesToAPlanningRoundOf300000Guests() {
        // Not a timing assertion: 50,000 hosts and 300,000 guests build, move and roll back without blowing up.
        Cluster c = new Cluster();
        for (int h = 0; h < 50_000; h++) {
            c.host("h" + h, 4000, 16384);
        }
        for (int g = 0; g < 300_000; g++) {
            c.guest("g" + g, "h" + (g % 50_000), 512, 10);
        }
        ClusterModel m = c.model();
        int mark = m.mark();
        for (int g = 0; g < 10_000; g++) {
            m.move(g, (g + 1) % 50_000, "x");
        }
        assertThat(m.actions()).hasSize(10_000);
        m.rollback(mark);
        assertThat(m.actions()).isEmpty();
        assertThat(m.guestCount(0)).isEqualTo(6);
    }
}
