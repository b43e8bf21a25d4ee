package org.attune.model.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;
import org.attune.api.MigrationInFlight;
import org.attune.api.PowerState;
import org.attune.api.policy.Action;
import org.attune.api.policy.PlacementConstraint;
import org.attune.model.ClusterModel;
import org.attune.model.validation.Refusal.Code;
import org.attune.model.validation.Validation.Step;
import org.attune.model.validation.Validation.Verdict;

/**
 * Replays a plan's actions in order on a {@link ClusterModel} of the view and decides for each whether it may
 * start now, has to wait, or must not run. Each action is checked against the state the earlier actions leave, so
 * a hard constraint holds in every intermediate state of a plan, and memory is counted on both ends of every
 * migration until it ends.
 *
 * <p>A migration is refused when its guest or hosts are unknown, the guest is not on the named source, is in
 * flight, is pinned (policy plans only), was acted on earlier in the plan, or when the target is unusable, of
 * another driver, too small in cores, or can never hold it (memory, hard constraints). It is deferred when it
 * will be able to start once earlier moves have ended (memory or a constraint freed by a guest leaving), once its
 * target has booted, or once a migration limit has room. Power-on needs an OFF, reachable host; power-off an ON
 * host no guest is on or going to (deferred while guests are still leaving it).
 *
 * <p>Pure and thread-safe: the answer depends on the view, the actions and the limits only.
 */
public final class PlanValidator {

    /** Says why a pinned guest is pinned, for the refusal's message. */
    @FunctionalInterface
    public interface PinReasons {
        String reason(String guestId);
    }

    private final Limits limits;
    private final PinReasons pinReasons;

    public PlanValidator(Limits limits) {
        this(limits, id -> "it is pinned (cooling down after its last migration, or held by a rule)");
    }

    public PlanValidator(Limits limits, PinReasons pinReasons) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.pinReasons = Objects.requireNonNull(pinReasons, "pinReasons");
    }

    public Limits limits() {
        return limits;
    }

    /** Validates a policy's actions: pinned guests may not move. */
    public Validation validate(ClusterView view, List<Action> actions) {
        return validate(view, actions, false);
    }

    /**
     * @param operator true for an operator's request: pins (cooldown) do not apply; everything else does
     */
    public Validation validate(ClusterView view, List<Action> actions, boolean operator) {
        return new Run(ClusterModel.of(view), view, operator).validate(actions);
    }

    /** One validation: the model, the migrations running and the actions seen so far. */
    private final class Run {
        private final ClusterModel model;
        private final boolean operator;
        private final int[] leaving;
        private final int[] entering;
        private int running;
        private final Set<String> guestsActedOn = new HashSet<>();
        private final Set<String> hostsSwitched = new HashSet<>();

        Run(ClusterModel model, ClusterView view, boolean operator) {
            this.model = model;
            this.operator = operator;
            this.leaving = new int[model.hostCount()];
            this.entering = new int[model.hostCount()];
            for (MigrationInFlight m : view.inFlight().values()) {
                int from = model.hostIndex(m.fromHostId());
                int to = model.hostIndex(m.toHostId());
                if (from >= 0) {
                    leaving[from]++;
                }
                if (to >= 0) {
                    entering[to]++;
                }
                running++;
            }
        }

        Validation validate(List<Action> actions) {
            List<Step> steps = new ArrayList<>(actions.size());
            for (Action a : actions) {
                Step s;
                if (a instanceof Action.Migrate m) {
                    s = migrate(m);
                } else if (a instanceof Action.PowerOn p) {
                    s = powerOn(p);
                } else if (a instanceof Action.PowerOff p) {
                    s = powerOff(p);
                } else {
                    throw new IllegalArgumentException("unknown action " + a);
                }
                steps.add(s);
            }
            return new Validation(steps);
        }

        private Step migrate(Action.Migrate m) {
            int g = model.guestIndex(m.guestId());
            if (g < 0) {
                return refused(m, Code.UNKNOWN_GUEST, "unknown guest " + m.guestId());
            }
            Guest guest = model.guest(g);
            if (!guestsActedOn.add(guest.id())) {
                return refused(m, Code.DUPLICATE, guest.name() + " is moved earlier in this plan");
            }
            if (model.inFlight(g)) {
                return refused(m, Code.IN_FLIGHT, "a migration of " + guest.name() + " is already in flight");
            }
            if (!operator && model.pinned(g)) {
                return refused(m, Code.PINNED, guest.name() + ": " + pinReasons.reason(guest.id()));
            }
            int from = model.hostIndex(m.fromHostId());
            int to = model.hostIndex(m.toHostId());
            if (from < 0) {
                return refused(m, Code.UNKNOWN_HOST, "unknown host " + m.fromHostId());
            }
            if (model.hostOf(g) != from) {
                int at = model.hostOf(g);
                return refused(m, Code.WRONG_SOURCE, guest.name() + " is on " + (at < 0 ? "no host"
                        : model.host(at).name()) + ", not on " + model.host(from).name());
            }
            if (to < 0) {
                return refused(m, Code.UNKNOWN_HOST, "unknown host " + m.toHostId());
            }
            Host target = model.host(to);
            if (to == from) {
                return refused(m, Code.SAME_HOST, guest.name() + " is already on " + target.name());
            }
            if (!model.sameDriver(from, to)) {
                return refused(m, Code.OTHER_DRIVER, target.name() + " belongs to another driver than "
                        + model.host(from).name());
            }
            if (!model.canReceive(to)) {
                return refused(m, Code.HOST_UNUSABLE, target.name() + " is " + target.availability() + "/"
                        + model.power(to) + (target.detail().isEmpty() ? "" : " (" + target.detail() + ")"));
            }
            if (target.cpus() > 0 && guest.vcpus() > target.cpus()) {
                return refused(m, Code.CPUS, target.name() + " has " + target.cpus() + " cores, " + guest.name()
                        + " has " + guest.vcpus() + " vCPUs");
            }
            Refusal wait = null;
            long need = guest.memoryMiB();
            if (model.memoryUsed(to) + need > model.memory(to)) {
                if (model.memoryAfterMoves(to) + need > model.memory(to)) {
                    return refused(m, Code.MEMORY, target.name() + " has " + Math.max(0, model.memoryFree(to))
                            + " MiB free of " + model.memory(to) + ", " + guest.name() + " needs " + need + " MiB");
                }
                wait = Refusal.of(Code.MEMORY, "waits for guests leaving " + target.name() + " to free memory ("
                        + Math.max(0, model.memoryFree(to)) + " MiB free now, " + guest.name() + " needs " + need + ")");
            }
            PlacementConstraint objecting = model.objectingConstraint(g, to);
            if (objecting != null) {
                String after = model.constraintRefusal(g, to, false);
                String now = model.constraintRefusal(g, to, true);
                if (after != null) {
                    return new Step(m, Verdict.REFUSED, new Refusal(Code.CONSTRAINT, guest.name() + " to "
                            + target.name() + ": " + after, objecting.name()));
                }
                if (wait == null) {
                    wait = new Refusal(Code.CONSTRAINT, "waits for guests leaving " + target.name() + " ("
                            + now + ")", objecting.name());
                }
            }
            if (wait == null && model.power(to) == PowerState.BOOTING) {
                wait = Refusal.of(Code.BOOTING, "waits for " + target.name() + " to finish booting");
            }
            if (wait == null) {
                wait = limit(from, to);
            }
            model.move(g, to, m.mode(), m.reason());
            if (wait != null) {
                return new Step(m, Verdict.DEFERRED, wait);
            }
            leaving[from]++;
            entering[to]++;
            running++;
            return new Step(m, Verdict.ACCEPTED, null);
        }

        private Refusal limit(int from, int to) {
            if (leaving[from] >= limits.perSource()) {
                return Refusal.of(Code.LIMIT_SOURCE, "waits: " + leaving[from] + " migration(s) already leaving "
                        + model.host(from).name() + " (maxMigrationsPerSource=" + limits.perSource() + ")");
            }
            if (entering[to] >= limits.perTarget()) {
                return Refusal.of(Code.LIMIT_TARGET, "waits: " + entering[to] + " migration(s) already entering "
                        + model.host(to).name() + " (maxMigrationsPerTarget=" + limits.perTarget() + ")");
            }
            if (limits.total() > 0 && running >= limits.total()) {
                return Refusal.of(Code.LIMIT_TOTAL, "waits: " + running + " migrations in flight (maxMigrationsTotal="
                        + limits.total() + ")");
            }
            return null;
        }

        private Step powerOn(Action.PowerOn p) {
            int h = model.hostIndex(p.hostId());
            if (h < 0) {
                return refused(p, Code.UNKNOWN_HOST, "unknown host " + p.hostId());
            }
            Host host = model.host(h);
            if (!hostsSwitched.add(host.id())) {
                return refused(p, Code.DUPLICATE, host.name() + " is switched earlier in this plan");
            }
            if (!model.wakeable(h)) {
                PowerState state = model.power(h);
                return refused(p, state == PowerState.OFF ? Code.HOST_UNUSABLE : Code.POWER_STATE, host.name() + " is "
                        + host.availability() + "/" + state + (state == PowerState.OFF ? "" : ": nothing to power on"));
            }
            model.powerOn(h, p.reason());
            return new Step(p, Verdict.ACCEPTED, null);
        }

        private Step powerOff(Action.PowerOff p) {
            int h = model.hostIndex(p.hostId());
            if (h < 0) {
                return refused(p, Code.UNKNOWN_HOST, "unknown host " + p.hostId());
            }
            Host host = model.host(h);
            if (!hostsSwitched.add(host.id())) {
                return refused(p, Code.DUPLICATE, host.name() + " is switched earlier in this plan");
            }
            PowerState state = model.power(h);
            if (state != PowerState.ON && state != PowerState.BOOTING) {
                return refused(p, Code.POWER_STATE, host.name() + " is " + state + ": nothing to power off");
            }
            if (model.guestCount(h) > 0) {
                return refused(p, Code.NOT_EMPTY, host.name() + " still has " + model.guestCount(h)
                        + " guest(s) on it or coming");
            }
            boolean wait = model.leavingCount(h) > 0;
            int leavingNow = model.leavingCount(h);
            model.powerOff(h, p.reason());
            if (wait) {
                return new Step(p, Verdict.DEFERRED, Refusal.of(Code.NOT_EMPTY, "waits for " + leavingNow
                        + " guest(s) to finish leaving " + host.name()));
            }
            return new Step(p, Verdict.ACCEPTED, null);
        }

        private Step refused(Action a, Code code, String message) {
            return new Step(a, Verdict.REFUSED, Refusal.of(code, message));
        }
    }
}
