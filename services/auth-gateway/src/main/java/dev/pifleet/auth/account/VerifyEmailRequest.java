package dev.pifleet.auth.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/verify-email}: the secret from the mailed link. */
public record VerifyEmailRequest(@NotBlank @Size(max = 100) String token) {

    @Override
    public String toString() {
        return "VerifyEmailRequest[token=<redacted>]";
    }
}
