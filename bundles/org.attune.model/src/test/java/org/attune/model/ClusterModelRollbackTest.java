package org.attune.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.attune.api.Availability;
import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.GuestState;
import org.attune.api.Host;
import org.attune.api.MetricHistory;
import org.attune.api.Metrics;
import org.attune.api.PowerState;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.junit.jupiter.api.Test;

/** {@link ClusterModel#rollback} restores exactly what a trial changed, figures included. */
class ClusterModelRollbackTest {

    private static Host host(String id) {
        return new Host(id, id, "d", 2000, 2, 4096, PowerState.ON, Availability.ONLINE, "");
    }

    private static Guest guest(String id) {
        return new Guest(id, id, 1, 512, "", "", Map.of(), GuestState.RUNNING);
    }

    private static MetricHistory.Key key(Subject s) {
        return new MetricHistory.Key(s, Metrics.CPU_DEMAND);
    }

    /**
     * Hosts with their own cpu.demand sample count more than their guests (the hypervisor's own work); a host a
     * trial empties reads 0. Rolling the trial back must bring back the host's own figure, not the sum of its guests.
     */
    @Test
    void rollingBackAMoveThatEmptiedAHostRestoresBothHostsDemandExactly() {
        ClusterView view = ClusterView.builder().time(Instant.EPOCH).hosts(List.of(host("a"), host("b")))
                .guests(List.of(guest("g"))).placement(Map.of("g", "a"))
                .metrics(new MetricHistory(Map.of(
                        key(Subject.host("a")), Series.regular(0, 1000, 0.5),
                        key(Subject.host("b")), Series.regular(0, 1000, 0.025),
                        key(Subject.guest("g")), Series.regular(0, 1000, 300))))
                .build();
        ClusterModel m = ClusterModel.of(view);
        int a = m.hostIndex("a");
        int b = m.hostIndex("b");
        int g = m.guestIndex("g");
        assertThat(m.demandOn(a)).isEqualTo(1000);
        assertThat(m.demandOn(b)).isEqualTo(50);
        double cappedA = m.cappedDemandOn(a);
        double cappedB = m.cappedDemandOn(b);

        int mark = m.mark();
        m.move(g, b, "trial");
        assertThat(m.demandOn(a)).as("an emptied host reads 0").isZero();
        assertThat(m.demandOn(b)).isEqualTo(350);
        m.rollback(mark);

        assertThat(m.demandOn(a)).isEqualTo(1000);
        assertThat(m.demandOn(b)).isEqualTo(50);
        assertThat(m.cappedDemandOn(a)).isEqualTo(cappedA);
        assertThat(m.cappedDemandOn(b)).isEqualTo(cappedB);
        assertThat(m.hostOf(g)).isEqualTo(a);
        assertThat(m.actions()).isEmpty();
    }

    /** A guest the plan moved away and then back where it is is not migrated at all: no action from a host to itself. */
    @Test
    void movingAGuestBackToItsHostCancelsItsMove_andRollbackBringsTheMoveBack() {
        ClusterView view = ClusterView.builder().time(Instant.EPOCH).hosts(List.of(host("a"), host("b"), host("c")))
                .guests(List.of(guest("g"))).placement(Map.of("g", "a"))
                .metrics(new MetricHistory(Map.of(key(Subject.guest("g")), Series.regular(0, 1000, 300))))
                .build();
        ClusterModel m = ClusterModel.of(view);
        int a = m.hostIndex("a");
        int b = m.hostIndex("b");
        int g = m.guestIndex("g");
        m.move(g, b, "out");
        int mark = m.mark();

        m.move(g, a, "back");
        assertThat(m.actions()).isEmpty();
        assertThat(m.movedByPlan(g)).isFalse();
        assertThat(m.hostOf(g)).isEqualTo(a);
        assertThat(m.memoryUsed(a)).isEqualTo(512);
        assertThat(m.memoryUsed(b)).isZero();
        assertThat(m.outgoing(a)).isZero();
        assertThat(m.incoming(b)).isZero();

        m.rollback(mark);
        assertThat(m.actions()).singleElement().satisfies(x -> assertThat(x.reason()).isEqualTo("out"));
        assertThat(m.movedByPlan(g)).isTrue();
        assertThat(m.hostOf(g)).isEqualTo(b);
    }
}
