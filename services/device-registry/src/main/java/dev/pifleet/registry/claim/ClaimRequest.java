package dev.pifleet.registry.claim;

import dev.pifleet.device.DeviceName;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/devices/claim}: the code as the user typed it (case, spaces and dashes do not matter). */
public record ClaimRequest(@NotNull @Size(min = 1, max = 32) String code, @DeviceName String deviceName) {
}
