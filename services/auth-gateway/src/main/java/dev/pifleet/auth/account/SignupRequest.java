package dev.pifleet.auth.account;

import dev.pifleet.service.AccountEmail;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record SignupRequest(
        @AccountEmail String email,
        @NotNull @Size(min = AccountService.MIN_PASSWORD_LENGTH, max = AccountService.MAX_PASSWORD_LENGTH) String password) {

    @Override
    public String toString() {
        return "SignupRequest[email=" + email + ", password=<redacted>]";
    }
}
