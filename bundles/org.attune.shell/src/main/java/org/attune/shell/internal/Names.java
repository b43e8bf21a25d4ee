package org.attune.shell.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.attune.api.ClusterView;
import org.attune.api.Guest;
import org.attune.api.Host;

/** Users see and type names; the API speaks ids. This turns one into the other. */
final class Names {

    static final Comparator<Host> HOST_ORDER = Comparator.comparing(Host::name).thenComparing(Host::id);
    static final Comparator<Guest> GUEST_ORDER = Comparator.comparing(Guest::name).thenComparing(Guest::id);

    private Names() {
    }

    /** The host's name, or the string itself when no host has that id. */
    static String hostName(ClusterView view, String hostId) {
        if (hostId == null || hostId.isEmpty()) {
            return "";
        }
        return view.host(hostId).map(Host::name).orElse(hostId);
    }

    /** The guest's name, or the string itself when no guest has that id. */
    static String guestName(ClusterView view, String guestId) {
        if (guestId == null || guestId.isEmpty()) {
            return "";
        }
        return view.guest(guestId).map(Guest::name).orElse(guestId);
    }

    /** The host with that id or name. */
    static Optional<Host> findHost(ClusterView view, String nameOrId) {
        Optional<Host> byId = view.host(nameOrId);
        return byId.isPresent() ? byId : view.hosts().stream().filter(h -> h.name().equals(nameOrId)).findFirst();
    }

    /** The host with that id or name; an {@link IllegalArgumentException} naming the known hosts otherwise. */
    static Host requireHost(ClusterView view, String nameOrId) {
        return findHost(view, nameOrId).orElseThrow(() -> new IllegalArgumentException(
                "No host '" + nameOrId + "'; known hosts: " + list(hostNames(view))));
    }

    /** The guest with that id or name. */
    static Optional<Guest> findGuest(ClusterView view, String nameOrId) {
        Optional<Guest> byId = view.guest(nameOrId);
        return byId.isPresent() ? byId : view.guests().stream().filter(g -> g.name().equals(nameOrId)).findFirst();
    }

    static List<String> hostNames(ClusterView view) {
        return view.hosts().stream().sorted(HOST_ORDER).map(Host::name).collect(Collectors.toList());
    }

    static List<String> guestNames(ClusterView view) {
        return view.guests().stream().sorted(GUEST_ORDER).map(Guest::name).collect(Collectors.toList());
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
