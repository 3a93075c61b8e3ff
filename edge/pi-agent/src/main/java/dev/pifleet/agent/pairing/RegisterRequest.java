package dev.pifleet.agent.pairing;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code POST /device-register}, the seed's shape. The key's format is checked by {@code ApiKeys.isWellFormed}. */
public record RegisterRequest(
        @NotNull String apiKey,
        @NotNull @Pattern(regexp = "^[^\\p{Cntrl}]{1,64}$", message = "must be 1 to 64 printable characters")
        String deviceName) {

    @Override
    public String toString() {
        return "RegisterRequest[apiKey=<redacted>, deviceName=" + deviceName + "]";
    }
}
