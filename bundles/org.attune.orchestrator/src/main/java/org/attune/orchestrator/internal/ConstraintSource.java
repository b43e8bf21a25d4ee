package org.attune.orchestrator.internal;

import java.util.List;

import org.attune.api.ClusterView;
import org.attune.api.policy.PlacementConstraint;

/**
 * Where the placement constraints in force come from: the monitor asks once per view and puts the answer in
 * {@link ClusterView#constraints()}, so policies and the validator honour the same rules. Placement rules are not
 * configurable yet: {@link #NONE} is the only source for now.
 */
@FunctionalInterface
interface ConstraintSource {

    /** No constraints. */
    ConstraintSource NONE = view -> List.of();

    /**
     * The constraints in force for this view.
     *
     * @param view the view being built, without constraints; must return quickly and never throw
     */
    List<PlacementConstraint> constraints(ClusterView view);
}
