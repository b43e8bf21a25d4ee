package org.attune.api.policy;

import java.util.List;

import org.attune.api.ClusterView;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only placement that a {@link PlacementConstraint} is evaluated against: the view's placement with the
 * moves a plan has made so far (in-flight migrations counted where they are going). Implemented by the shared
 * cluster model; valid only during the call it is passed to.
 *
 * @since 1.1
 */
@ProviderType
public interface PlacementState {

    /** The view the placement starts from (hosts, guests, metrics). */
    ClusterView view();

    /** The host the guest is on (or is going to), null when the guest is unknown or unplaced. */
    String hostOf(String guestId);

    /** Ids of the guests on (or going to) the host, in no particular order; empty for an unknown host. */
    List<String> guestsOn(String hostId);

    /** Memory of the guests on the host, plus guests still migrating away from it, MiB. */
    long memoryUsed(String hostId);

    /** CPU demanded on the host by the guests on it, in capacity units. */
    double cpuDemand(String hostId);
}
