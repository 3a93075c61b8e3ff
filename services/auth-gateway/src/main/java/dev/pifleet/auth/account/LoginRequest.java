package dev.pifleet.auth.account;

import dev.pifleet.service.AccountEmail;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** No minimum password length here: a short password is simply wrong (401), not a malformed request. */
public record LoginRequest(
        @AccountEmail String email,
        @NotEmpty @Size(max = AccountService.MAX_PASSWORD_LENGTH) String password) {

    @Override
    public String toString() {
        return "LoginRequest[email=" + email + ", password=<redacted>]";
    }
}
