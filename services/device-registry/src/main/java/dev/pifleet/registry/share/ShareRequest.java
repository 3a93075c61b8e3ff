package dev.pifleet.registry.share;

import dev.pifleet.devicestore.DeviceRole;
import dev.pifleet.service.AccountEmail;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code POST /api/devices/{deviceId}/shares}: the account's email and {@code viewer} or {@code operator}. */
public record ShareRequest(
        @AccountEmail String email,
        @NotNull @Pattern(regexp = DeviceRole.SHARE_PATTERN, message = "must be viewer or operator") String role) {

    DeviceRole deviceRole() {
        return DeviceRole.fromWire(role).orElseThrow();
    }
}
