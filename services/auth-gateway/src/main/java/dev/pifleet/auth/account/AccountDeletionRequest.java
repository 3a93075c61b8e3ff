package dev.pifleet.auth.account;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** {@code DELETE /api/auth/me}: the password, again, so a session left open on a shared computer cannot do it. */
public record AccountDeletionRequest(@NotEmpty @Size(max = AccountService.MAX_PASSWORD_LENGTH) String password) {

    @Override
    public String toString() {
        return "AccountDeletionRequest[password=<redacted>]";
    }
}
