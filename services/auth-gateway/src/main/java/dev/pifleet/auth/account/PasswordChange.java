package dev.pifleet.auth.account;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/password}. */
public record PasswordChange(
        @NotEmpty @Size(max = AccountService.MAX_PASSWORD_LENGTH) String currentPassword,
        @NotNull @Size(min = AccountService.MIN_PASSWORD_LENGTH, max = AccountService.MAX_PASSWORD_LENGTH) String newPassword) {

    @Override
    public String toString() {
        return "PasswordChange[currentPassword=<redacted>, newPassword=<redacted>]";
    }
}
