package org.attune.api.power;

import java.util.Optional;

import org.attune.api.PowerState;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Switches physical hosts on and off through their management interface. Registered as an OSGi service with
 * the properties {@link #TYPE} and {@link #HOSTS}; the orchestrator carries out a plan's
 * {@link org.attune.api.policy.Action.PowerOn} / {@link org.attune.api.policy.Action.PowerOff} through the
 * controller that {@link #controls controls} the host.
 *
 * <p><b>Threading:</b> every method may be called from any thread, concurrently; calls for different hosts
 * must not wait for each other longer than the controller's timeout.
 * <p><b>Blocking:</b> {@link #controls}, {@link #canPowerOff} and {@link #name} return at once from
 * configuration. {@link #state}, {@link #powerOn} and {@link #powerOff} may talk to the network and block for
 * at most the controller's own timeout (a few seconds); callers run them off the orchestrator's loop thread.
 * {@link #powerOn} returns once the request is accepted, not once the host has booted: the host's driver
 * reports {@link PowerState#BOOTING} and then {@link PowerState#ON}.
 * <p><b>Errors:</b> anticipated failures (unknown host, management interface unreachable, request refused)
 * are thrown as {@link PowerException} with a message that names the host and never contains a credential;
 * implementations never log credentials either.
 */
@ConsumerType
public interface PowerController {

    /** Service property: the kind of controller, e.g. {@code ipmi}, {@code wol}, {@code sim}. */
    String TYPE = "attune.power.type";

    /** Service property: the ids of the hosts the controller switches (String or String[]). */
    String HOSTS = "attune.power.hosts";

    /** The controller's name, for the journal and status, e.g. {@code ipmi:host1}. */
    String name();

    /** True when this controller switches the host with this id. */
    boolean controls(String hostId);

    /** True when this controller can also switch the host off (Wake-on-LAN, for one, cannot). */
    default boolean canPowerOff(String hostId) {
        return controls(hostId);
    }

    /**
     * The host's power state as its management interface reports it; empty when the interface cannot tell
     * (Wake-on-LAN).
     *
     * @throws PowerException when the host is not controlled here or its interface does not answer
     */
    Optional<PowerState> state(String hostId) throws PowerException;

    /**
     * Asks for the host to be powered on; a host already on stays on.
     *
     * @throws PowerException when the host is not controlled here or the request is refused or not delivered
     */
    void powerOn(String hostId) throws PowerException;

    /**
     * Asks for the host to be powered off; a host already off stays off. Callers make sure no guest runs on
     * it any more; a controller that cannot see guests does not check.
     *
     * @throws PowerException when the host is not controlled here, cannot be switched off by this controller,
     *                         or the request is refused
     */
    void powerOff(String hostId) throws PowerException;
}
