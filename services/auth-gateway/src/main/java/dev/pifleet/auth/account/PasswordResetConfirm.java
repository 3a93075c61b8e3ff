package dev.pifleet.auth.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/password-reset/confirm}: the secret from the mailed link and the new password. */
public record PasswordResetConfirm(
        @NotBlank @Size(max = 100) String token,
        @NotNull @Size(min = AccountService.MIN_PASSWORD_LENGTH, max = AccountService.MAX_PASSWORD_LENGTH) String password) {

    @Override
    public String toString() {
        return "PasswordResetConfirm[token=<redacted>, password=<redacted>]";
    }
}
