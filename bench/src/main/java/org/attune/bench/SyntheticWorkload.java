package org.attune.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.attune.simulation.PlanetLabTraces;

/**
 * A seeded generator of PlanetLab-like CPU traces: a per-guest base level, a daily wave, autocorrelated noise,
 * occasional bursts and idle stretches (value 0). Same seed, same traces.
 */
public final class SyntheticWorkload {

    private SyntheticWorkload() {
    }

    public static PlanetLabTraces.Day generate(long seed, int guests, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] cpu = new double[guests][steps];
        List<String> labels = new ArrayList<>(guests);
        for (int g = 0; g < guests; g++) {
            labels.add(String.format("synthetic-%05d", g));
            double base = 2 + 38 * Math.pow(random.nextDouble(), 2);
            double wave = base * random.nextDouble() * 0.8;
            double phase = random.nextDouble() * 2 * Math.PI;
            double noise = 0;
            double idleChance = random.nextDouble() < 0.3 ? 0.02 : 0;
            int idle = 0;
            int burst = 0;
            for (int s = 0; s < steps; s++) {
                noise = 0.8 * noise + random.nextGaussian() * base * 0.25;
                if (idle == 0 && random.nextDouble() < idleChance) {
                    idle = 1 + random.nextInt(12);
                }
                if (burst == 0 && random.nextDouble() < 0.01) {
                    burst = 1 + random.nextInt(6);
                }
                double v = base + wave * Math.sin(2 * Math.PI * s / PlanetLabTraces.DAY_SAMPLES + phase) + noise;
                if (burst > 0) {
                    v += 40;
                    burst--;
                }
                if (idle > 0) {
                    v = 0;
                    idle--;
                }
                cpu[g][s] = (int) Math.max(0, Math.min(99, Math.round(v)));
            }
        }
        return new PlanetLabTraces.Day("synthetic-" + seed, List.copyOf(labels), cpu);
    }
}
