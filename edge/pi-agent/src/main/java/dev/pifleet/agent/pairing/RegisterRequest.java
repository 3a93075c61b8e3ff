package dev.pifleet.agent.pairing;

import dev.pifleet.device.DeviceName;
import jakarta.validation.constraints.NotNull;

/** {@code POST /device-register}, the seed's shape. The key's format is checked by {@code ApiKeys.isWellFormed}. */
public record RegisterRequest(
        @NotNull String apiKey,
        @NotNull @DeviceName String deviceName) {

    @Override
    public String toString() {
        return "RegisterRequest[apiKey=<redacted>, deviceName=" + deviceName + "]";
    }
}
