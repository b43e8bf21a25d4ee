package org.attune.simulation;

import java.util.Arrays;

import org.attune.api.PowerState;

/**
 * The PHYSICAL model's CPU sharing: a guest asks for its workload's demand, at most one core per vCPU (the rest is
 * lost on that host), nothing while it is paused by a migration; a migrating guest's target carries the destination
 * overhead share of its demand. An overloaded host scales every guest down by capacity / demand, and a running
 * migration costs its guest the source degradation share of what it gets. A host violates its guests' SLA while its
 * demand exceeds its capacity or a guest asks more than its cores give; it is active while it is ON with guests on
 * it or coming, and draws what its power state and utilisation say.
 *
 * <p>Not thread-safe: works on the engine's {@link Hosts} and {@link Guests}, guarded like them.
 */
final class ProportionalAllocation implements CpuAllocation {

    private final EngineSettings settings;
    private final Hosts hosts;
    private final Guests guests;
    // Per host, rebuilt by every allocation.
    private double[] demand = new double[8];
    private double[] overhead = new double[8];
    private double[] capShort = new double[8];
    private double[] scale = new double[8];
    private boolean[] hasGuests = new boolean[8];

    ProportionalAllocation(EngineSettings settings, Hosts hosts, Guests guests) {
        this.settings = settings;
        this.hosts = hosts;
        this.guests = guests;
    }

    @Override
    public void allocate() {
        fit(hosts.count);
        Arrays.fill(demand, 0, hosts.count, 0);
        Arrays.fill(overhead, 0, hosts.count, 0);
        Arrays.fill(capShort, 0, hosts.count, 0);
        Arrays.fill(hasGuests, 0, hosts.count, false);
        double over = settings.destinationOverhead();
        for (int g = 0; g < guests.count; g++) {
            if (!guests.alive[g]) {
                continue;
            }
            int h = guests.host[g];
            SimulatedGuest spec = guests.spec[g];
            double asked = guests.stopped[g] ? 0 : guests.workload[g];
            // A guest uses at most one core per vCPU: what it asks beyond that is lost on this host.
            double w = Math.min(asked, spec.vcpus() * hosts.spec[h].coreMips());
            Migration m = guests.migration[g];
            double d = m != null && m.paused() ? 0 : w;
            guests.want[g] = asked;
            guests.demand[g] = d;
            demand[h] += d;
            capShort[h] += asked - w;
            hasGuests[h] = true;
            if (m != null) {
                overhead[m.target] += over * d;
                hasGuests[m.target] = true;
            }
        }
        for (int h = 0; h < hosts.count; h++) {
            if (!hosts.alive[h]) {
                continue;
            }
            double c = hosts.spec[h].capacity();
            double d = demand[h] + overhead[h];
            scale[h] = d > c ? c / d : 1;
            hosts.util[h] = Math.min(d, c) / c;
            hosts.share[h] = d / c;
            hosts.violated[h] = d > c * (1 + 1e-12) || capShort[h] > 1e-9;
            hosts.lostRate[h] = Math.max(0, d - c) + capShort[h];
            hosts.watts[h] = hosts.wattsAt(h, hosts.util[h]);
            hosts.active[h] = hasGuests[h] && hosts.power[h] == PowerState.ON;
        }
        double keep = 1 - settings.sourceDegradation();
        for (int g = 0; g < guests.count; g++) {
            if (!guests.alive[g]) {
                continue;
            }
            Migration m = guests.migration[g];
            double a = guests.demand[g] * scale[guests.host[g]];
            guests.allocated[g] = m != null && !m.paused() ? a * keep : a;
        }
    }

    private void fit(int n) {
        if (n <= demand.length) {
            return;
        }
        int c = Math.max(n, demand.length * 2);
        demand = Arrays.copyOf(demand, c);
        overhead = Arrays.copyOf(overhead, c);
        capShort = Arrays.copyOf(capShort, c);
        scale = Arrays.copyOf(scale, c);
        hasGuests = Arrays.copyOf(hasGuests, c);
    }
}
