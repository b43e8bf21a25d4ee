package org.attune.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.attune.api.policy.Policy;
import org.attune.policy.beloglazov.BeloglazovPolicy;
import org.attune.policy.beloglazov.BeloglazovSettings;
import org.attune.policy.beloglazov.Detection;

/** The policies the bench can run, by name, configured for the reference setup and the mode. */
public final class Policies {

    /** The field's baselines with the reference parameters. */
    public static final List<String> BASELINES = List.of("thr-mmt-0.8", "iqr-mmt-1.5", "mad-mmt-2.5", "lr-mmt-1.2",
            "lrr-mmt-1.2");

    /** No migration at all: the reference's "DVFS only" line. */
    public static final String NONE = "none";

    private Policies() {
    }

    /** Every name {@link #create} accepts as a shortcut. */
    public static List<String> known() {
        List<String> all = new ArrayList<>(BASELINES);
        all.addAll(OwnPolicies.NAMES);
        return all;
    }

    /**
     * A policy by name: a baseline {@code DETECTION-mmt-PARAMETER} (detection thr, iqr, mad, lr or lrr, any
     * parameter) or one of {@link OwnPolicies#NAMES}.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static Policy create(String name, Mode mode) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals(NONE)) {
            return new Policy() {
                @Override
                public String name() {
                    return NONE;
                }

                @Override
                public org.attune.api.policy.Plan plan(org.attune.api.ClusterView view) {
                    return org.attune.api.policy.Plan.empty(NONE);
                }
            };
        }
        if (OwnPolicies.NAMES.contains(n)) {
            return OwnPolicies.create(n, mode);
        }
        String[] parts = n.split("-mmt-");
        if (parts.length == 2) {
            Detection d;
            double parameter;
            try {
                d = Detection.parse(parts[0]);
                parameter = Double.parseDouble(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown policy " + name + ": " + e.getMessage());
            }
            return new BeloglazovPolicy(new BeloglazovSettings(n, d, parameter, 0.7, 1,
                    mode == Mode.CLOUDSIM_COMPATIBLE));
        }
        throw new IllegalArgumentException("unknown policy " + name + "; known: " + String.join(", ", known())
                + " (or any DETECTION-mmt-PARAMETER with detection thr, iqr, mad, lr, lrr)");
    }
}
