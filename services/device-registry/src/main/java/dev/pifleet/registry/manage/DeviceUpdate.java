package dev.pifleet.registry.manage;

import dev.pifleet.device.DeviceName;
import dev.pifleet.fleet.FleetTags;
import dev.pifleet.service.ApiException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code PATCH /api/devices/{deviceId}}: a new name, new tags (replacing the old ones; [] removes them), or both. */
public record DeviceUpdate(
        @DeviceName String name,
        @Size(max = FleetTags.MAX_PER_DEVICE) List<@NotNull @Pattern(regexp = FleetTags.PATTERN, message = FleetTags.MESSAGE) String> tags) {

    /** Tags without repeats, in the order given; null when the request leaves them alone. */
    List<String> distinctTags() {
        return tags == null ? null : tags.stream().distinct().toList();
    }

    void requireSomething() {
        if (name == null && tags == null) {
            throw ApiException.badRequest("name", "send a new name, tags, or both");
        }
    }
}
