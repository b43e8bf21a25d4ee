package org.attune.orchestrator.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attune.api.MigrationInFlight;
import org.attune.api.PowerState;

/**
 * What the execute phase has going on, as the monitor puts it in a view: migrations in flight, guests cooling down
 * after their last migration, and hosts whose power the orchestrator is switching. Immutable.
 *
 * @param inFlight    migrations started and not ended
 * @param coolingDown guests moved within the cooldown
 * @param power       host id to how it is shown while its driver still reports the state it had when a power action
 *                    was requested
 */
record ExecutionState(List<MigrationInFlight> inFlight, Set<String> coolingDown, Map<String, PowerOverlay> power) {

    static final ExecutionState NONE = new ExecutionState(List.of(), Set.of(), Map.of());

    /**
     * A power action under way: a controller accepts a request long before the host's driver sees the host change,
     * and until it does, the view shows where the host is going (a migration to a host being powered on then waits
     * for it instead of being refused, and no second request is made).
     *
     * @param whileReported the state the driver reported when the action was requested
     * @param shown         the state to show instead: BOOTING or SHUTTING_DOWN
     */
    record PowerOverlay(PowerState whileReported, PowerState shown) {
    }

    ExecutionState {
        inFlight = List.copyOf(inFlight);
        coolingDown = Set.copyOf(coolingDown);
        power = Map.copyOf(power);
    }
}
