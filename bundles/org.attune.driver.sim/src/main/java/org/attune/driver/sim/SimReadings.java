package org.attune.driver.sim;

import java.time.Instant;
import java.util.List;

/**
 * Every host and guest as of the engine's time, read consistently.
 *
 * @param time   the simulated time of the readings
 * @param hosts  hosts in the order they were added
 * @param guests guests in the order they were added
 */
public record SimReadings(Instant time, List<HostReading> hosts, List<GuestReading> guests) {

    public SimReadings {
        hosts = List.copyOf(hosts);
        guests = List.copyOf(guests);
    }
}
