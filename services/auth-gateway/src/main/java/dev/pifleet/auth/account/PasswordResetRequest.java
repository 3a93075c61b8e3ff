package dev.pifleet.auth.account;

import dev.pifleet.service.AccountEmail;

/** {@code POST /api/auth/password-reset}. */
public record PasswordResetRequest(@AccountEmail String email) {
}
