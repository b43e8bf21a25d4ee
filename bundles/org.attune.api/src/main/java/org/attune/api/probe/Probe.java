package org.attune.api.probe;

import java.time.Instant;
import java.util.List;

import org.attune.api.Sample;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of samples (CPU, request rate, traffic, power...). Registered as an OSGi service with the
 * properties {@link #NAME} and {@link #METRIC}.
 *
 * <p><b>Threading:</b> called once per orchestrator cycle from the loop thread; never concurrently with
 * itself by the orchestrator, but other callers may exist.
 * <p><b>Blocking:</b> should return quickly from state the probe gathers on its own schedule; the
 * orchestrator gives up on a probe that takes longer than its probe timeout and records it.
 * <p><b>Errors:</b> a subject that cannot be measured is left out; an exception is recorded as a probe
 * error and the cycle goes on with the other probes.
 */
@ConsumerType
public interface Probe {

    /** Service property: the probe's name, e.g. {@code cpu}. */
    String NAME = "attune.probe.name";

    /** Service property: the metric names the probe publishes (String or String[]). */
    String METRIC = "attune.probe.metric";

    /** The probe's name. */
    String name();

    /**
     * The newest samples. Counters are turned into rates by the probe itself: a counter that goes down
     * (the guest was restarted or migrated to a new process) is a reset, never a negative value.
     *
     * @param now the orchestrator's current time, to stamp samples with
     */
    List<Sample> sample(Instant now);
}
