package org.attune.driver.sim.internal.config;

import java.util.Objects;

import org.attune.driver.sim.internal.engine.SimCluster;
import org.attune.driver.sim.internal.model.GuestSpec;
import org.attune.driver.sim.internal.model.HostSpec;

/**
 * A host or guest definition converted from one configuration: its spec, or the problem that makes it invalid.
 *
 * @param source  which configuration it comes from, as shown in problems (e.g. {@code host config <pid>})
 * @param spec    the {@link HostSpec} or {@link GuestSpec}; null when invalid
 * @param problem what is wrong, naming the source; null when valid
 * @param <T>     {@link HostSpec} or {@link GuestSpec}
 */
public record Definition<T>(String source, T spec, String problem) {

    public Definition {
        Objects.requireNonNull(source, "source");
        if ((spec == null) == (problem == null)) {
            throw new IllegalArgumentException("a definition has either a spec or a problem");
        }
    }

    public static <T> Definition<T> valid(String source, T spec) {
        return new Definition<>(source, spec, null);
    }

    public static <T> Definition<T> invalid(String source, String problem) {
        return new Definition<>(source, null, problem);
    }

    public boolean isValid() {
        return spec != null;
    }

    /** Adds the host or guest to the cluster, or records the problem there. */
    public void applyTo(SimCluster cluster) {
        if (spec instanceof HostSpec h) {
            cluster.addHost(source, h);
        } else if (spec instanceof GuestSpec g) {
            cluster.addGuest(source, g);
        } else {
            cluster.reject(source, problem);
        }
    }
}
