package org.attune.policy.energy;

import java.util.Set;

import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.PlacementState;

/** The tests' placement rule: keeps two guests on different hosts, also while either is still leaving a host. */
record AntiAffinity(String a, String b, boolean hard) implements PlacementConstraint {

    @Override
    public String name() {
        return "anti-affinity " + a + "/" + b;
    }

    @Override
    public Set<String> guests() {
        return Set.of(a, b);
    }

    @Override
    public String refusal(PlacementState placement, String guestId, String hostId) {
        String other = guestId.equals(a) ? b : guestId.equals(b) ? a : null;
        return other != null && placement.guestsOn(hostId).contains(other) ? "keeps " + a + " and " + b + " apart" : null;
    }
}
