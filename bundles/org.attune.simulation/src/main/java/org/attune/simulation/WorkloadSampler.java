package org.attune.simulation;

/**
 * Samples the guests' workloads: what each guest's workload asks for now ({@link Guests#workload}) and when it
 * next changes ({@link Guests#nextSample}), and the earliest such change over all guests, the engine's next
 * workload event. A workload that changes continuously (it knows no next change) is sampled again
 * {@link EngineSettings#maxStepSeconds()} later.
 *
 * <p>Not thread-safe: the engine owns it and serialises access.
 */
final class WorkloadSampler {

    private final Guests guests;
    private final double maxStepSeconds;
    private double nextChange = Double.POSITIVE_INFINITY;

    WorkloadSampler(EngineSettings settings, Guests guests) {
        this.guests = guests;
        this.maxStepSeconds = settings.maxStepSeconds();
    }

    /** When the next workload is due to be sampled, simulated seconds; infinity when none is. */
    double nextChange() {
        return nextChange;
    }

    /** Samples guest {@code g}, just added, at {@code now}. */
    void sampleNew(int g, double now) {
        sample(g, now);
        nextChange = Math.min(nextChange, guests.nextSample[g]);
    }

    /** Samples every guest whose sample is due at {@code now} and finds the next change. */
    void resampleDue(double now) {
        double next = Double.POSITIVE_INFINITY;
        for (int g = 0; g < guests.count; g++) {
            if (!guests.alive[g]) {
                continue;
            }
            if (guests.nextSample[g] <= now + SimulationEngine.TIME_EPSILON) {
                sample(g, now);
            }
            next = Math.min(next, guests.nextSample[g]);
        }
        nextChange = next;
    }

    private void sample(int g, double now) {
        Workload w = guests.spec[g].workload();
        double t = now - guests.start[g];
        double v = w.demandAt(t);
        guests.workload[g] = v > 0 ? v : 0; // negative or NaN counts as nothing
        double n = w.nextChange(t);
        double next = Double.isNaN(n) ? now + maxStepSeconds : guests.start[g] + n;
        // Rounding must never schedule the next sample at or before now (that would stop time).
        guests.nextSample[g] = next > now + SimulationEngine.TIME_EPSILON ? next : now + maxStepSeconds;
    }
}
