package org.attune.api.driver;

import java.util.List;
import java.util.Objects;

import org.attune.api.Availability;

/**
 * A driver's overall status.
 *
 * @param availability ONLINE when the driver works (individual hosts may still be offline)
 * @param detail       one line for humans
 * @param problems     configuration or runtime problems the driver wants a user to see (e.g. a rejected
 *                     host configuration); empty when none
 */
public record DriverStatus(Availability availability, String detail, List<String> problems) {

    public DriverStatus {
        Objects.requireNonNull(availability, "availability");
        detail = detail == null ? "" : detail;
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public static DriverStatus online(String detail) {
        return new DriverStatus(Availability.ONLINE, detail, List.of());
    }
}
