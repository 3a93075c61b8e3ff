package dev.pifleet.auth.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record VerifyRequest(@NotBlank @Size(max = 256) String sessionToken) {

    @Override
    public String toString() {
        return "VerifyRequest[sessionToken=<redacted>]";
    }
}
