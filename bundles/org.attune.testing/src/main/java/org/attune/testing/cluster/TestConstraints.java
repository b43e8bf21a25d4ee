package org.attune.testing.cluster;

import java.util.Objects;
import java.util.Set;

import org.attune.api.policy.PlacementConstraint;
import org.attune.api.policy.PlacementState;

/** Placement constraints for tests, written once for every policy's tests. */
public final class TestConstraints {

    private TestConstraints() {
    }

    /**
     * Keeps two guests on different hosts, also while either is still leaving a host (the model's placement counts
     * a guest on its source until its migration ends). Named {@code anti-affinity <a>/<b>}; its refusal says
     * {@code keeps <a> and <b> apart}.
     *
     * @param hard true: never broken by a plan; false: weighed, and reported when it cannot be met
     */
    public static PlacementConstraint apart(String a, String b, boolean hard) {
        return new AntiAffinity(a, b, hard);
    }

    /** A hard {@link #apart(String, String, boolean)}. */
    public static PlacementConstraint apart(String a, String b) {
        return apart(a, b, true);
    }

    private record AntiAffinity(String a, String b, boolean hard) implements PlacementConstraint {

        AntiAffinity {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            if (a.equals(b)) {
                throw new IllegalArgumentException("a guest cannot be kept apart from itself: " + a);
            }
        }

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
            return other != null && placement.guestsOn(hostId).contains(other) ? "keeps " + a + " and " + b + " apart"
                    : null;
        }
    }
}
