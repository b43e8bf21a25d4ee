package org.attune.simulation;

import java.util.Arrays;

/**
 * The CLOUDSIM model's CPU sharing, CloudSim 3.0.3's time-shared allocation with over-subscription, floor included:
 * a guest's demand is capped at one core per vCPU; when a host is over-subscribed every allocation on it is scaled
 * by capacity / capped demand and floored to a whole MIPS. A migrating guest's full demand already counts as
 * requested on its target, which reserves only the destination overhead share of it, and the guest loses the
 * source degradation share of its allocation (its host still counts it whole). A host violates its guests' SLA while
 * it delivers less than is requested of it; it is active, and draws power, only above 0 % CPU.
 *
 * <p>Not thread-safe: works on the engine's {@link Hosts} and {@link Guests}, guarded like them.
 */
final class CloudsimAllocation implements CpuAllocation {

    private final EngineSettings settings;
    private final Hosts hosts;
    private final Guests guests;
    // Per host, rebuilt by every allocation: capped demand, requested and delivered MIPS.
    private double[] capSum = new double[8];
    private double[] reqTot = new double[8];
    private double[] utilMips = new double[8];

    CloudsimAllocation(EngineSettings settings, Hosts hosts, Guests guests) {
        this.settings = settings;
        this.hosts = hosts;
        this.guests = guests;
    }

    @Override
    public void allocate() {
        fit(hosts.count);
        Arrays.fill(capSum, 0, hosts.count, 0);
        Arrays.fill(reqTot, 0, hosts.count, 0);
        Arrays.fill(utilMips, 0, hosts.count, 0);
        double over = settings.destinationOverhead();
        double keep = 1 - settings.sourceDegradation();
        for (int g = 0; g < guests.count; g++) {
            if (!guests.alive[g]) {
                continue;
            }
            int h = guests.host[g];
            double req = guests.workload[g];
            double pe = guests.spec[g].vcpus() * hosts.spec[h].coreMips();
            capSum[h] += Math.min(req, pe);
            reqTot[h] += req;
            Migration m = guests.migration[g];
            if (m != null) {
                int d = m.target;
                capSum[d] += Math.min(req, guests.spec[g].vcpus() * hosts.spec[d].coreMips()) * over;
                reqTot[d] += req;
            }
        }
        for (int g = 0; g < guests.count; g++) {
            if (!guests.alive[g]) {
                continue;
            }
            int h = guests.host[g];
            double total = hosts.spec[h].capacity();
            double req = guests.workload[g];
            Migration m = guests.migration[g];
            boolean migrating = m != null;
            double c = Math.min(req, guests.spec[g].vcpus() * hosts.spec[h].coreMips());
            double alloc;
            if (capSum[h] > total) {
                alloc = Math.floor(c * (total / capSum[h]) * (migrating ? keep : 1));
            } else {
                alloc = migrating ? c * keep : c;
            }
            utilMips[h] += migrating ? alloc / keep : alloc;
            guests.allocated[g] = alloc;
            guests.want[g] = req;
            guests.demand[g] = c;
            if (migrating) {
                int d = m.target;
                double dTotal = hosts.spec[d].capacity();
                double cd = Math.min(req, guests.spec[g].vcpus() * hosts.spec[d].coreMips()) * over;
                utilMips[d] += capSum[d] > dTotal ? Math.floor(cd * (dTotal / capSum[d])) : cd;
            }
        }
        for (int h = 0; h < hosts.count; h++) {
            if (!hosts.alive[h]) {
                continue;
            }
            double total = hosts.spec[h].capacity();
            hosts.util[h] = Math.min(1, utilMips[h] / total);
            hosts.share[h] = reqTot[h] / total;
            hosts.violated[h] = utilMips[h] < reqTot[h];
            hosts.lostRate[h] = Math.max(0, reqTot[h] - utilMips[h]);
            hosts.active[h] = utilMips[h] > 0;
            hosts.watts[h] = hosts.wattsAt(h, hosts.util[h]);
        }
    }

    private void fit(int n) {
        if (n <= capSum.length) {
            return;
        }
        int c = Math.max(n, capSum.length * 2);
        capSum = Arrays.copyOf(capSum, c);
        reqTot = Arrays.copyOf(reqTot, c);
        utilMips = Arrays.copyOf(utilMips, c);
    }
}
