package org.attune.orchestrator.internal;

import java.util.Collection;
import java.util.stream.Collectors;

/** How a refusal of something unknown lists what does exist: sorted, comma-separated, "none" when nothing. */
final class KnownNames {

    private KnownNames() {
    }

    static String of(Collection<String> names) {
        return names.isEmpty() ? "none" : names.stream().sorted().collect(Collectors.joining(", "));
    }
}
