package dev.pifleet.registry.claim;

import dev.pifleet.device.DeviceId;
import dev.pifleet.device.DeviceName;
import jakarta.validation.constraints.NotNull;

/** The seed's body: the Pi's id and, optionally, the name the user gives it. */
public record RegisterRequest(@NotNull @DeviceId String deviceId, @DeviceName String deviceName) {
}
