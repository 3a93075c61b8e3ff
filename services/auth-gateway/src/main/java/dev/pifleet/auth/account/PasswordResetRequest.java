package dev.pifleet.auth.account;

/** {@code POST /api/auth/password-reset}. */
public record PasswordResetRequest(@AccountEmail String email) {
}
