package org.attune.policy.threshold;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.attune.api.Guest;

/**
 * The tier rule of the threshold policy: an application tier (its guests, behind one front end whose request rate
 * the HTTP probe publishes as {@code http.request.rate} for {@code tier:<name>}) is spread over hosts when its
 * load is high and brought back together when it is low. Immutable.
 *
 * @param name     the tier's name ({@code tier} of the HTTP probe's configuration); "" disables the rule
 * @param guests   names of the guests that form the tier; guests whose driver reports this tier belong too
 * @param home     the host the tier comes back to (where its front end runs); "" = the host with most tier guests
 * @param rateHigh requests/s above which, for K cycles, the tier is busy
 * @param rateLow  requests/s below which, for K cycles, the tier is quiet
 * @param cpuHigh  CPU demand share above which, for K cycles, a host running two or more tier guests is too small
 *                 for them
 * @param cpuLow   a quiet tier comes back only if its home host's CPU demand share stays at or below this
 *                 with the returning guest added
 */
public record TierRule(String name, Set<String> guests, String home, double rateHigh, double rateLow, double cpuHigh,
                       double cpuLow) {

    /** No tier rule. */
    public static final TierRule NONE = new TierRule("", Set.of(), "", 0, 0, 0, 0);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");

    public TierRule {
        name = name == null ? "" : name.trim();
        guests = guests == null ? Set.of() : Set.copyOf(guests);
        home = home == null ? "" : home.trim();
    }

    public boolean enabled() {
        return !name.isEmpty();
    }

    /** Whether the guest belongs to the tier: named in {@link #guests} or reported with this tier by its driver. */
    public boolean member(Guest g) {
        return enabled() && (guests.contains(g.name()) || name.equals(g.tier()));
    }

    /** Problems with the rule, each naming its key; empty when it is consistent or disabled. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!enabled()) {
            return problems;
        }
        if (!NAME.matcher(name).matches()) {
            problems.add("tierName must be 1-63 characters of [A-Za-z0-9_.-], was '" + name + "'");
        }
        for (String g : guests) {
            if (g.isBlank()) {
                problems.add("tierGuests must not contain an empty name");
            }
        }
        if (!(rateHigh > 0)) {
            problems.add("tierRateHigh must be > 0, was " + rateHigh);
        }
        if (!(rateLow >= 0) || !(rateLow < rateHigh)) {
            problems.add("tierRateLow must be >= 0 and below tierRateHigh (" + rateHigh + "), was " + rateLow);
        }
        if (!(cpuHigh > 0)) {
            problems.add("tierCpuHigh must be > 0, was " + cpuHigh);
        }
        if (!(cpuLow > 0) || !(cpuLow < cpuHigh)) {
            problems.add("tierCpuLow must be > 0 and below tierCpuHigh (" + cpuHigh + "), was " + cpuLow);
        }
        return problems;
    }
}
