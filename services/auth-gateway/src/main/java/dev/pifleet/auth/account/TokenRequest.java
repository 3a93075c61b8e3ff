package dev.pifleet.auth.account;

import dev.pifleet.service.ApiScope;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** {@code POST /api/tokens}: a name the owner recognises, at least one scope, and optionally a lifetime in days. */
public record TokenRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]+", message = "must not contain control characters")
        String name,
        @NotEmpty Set<@NotNull @Pattern(regexp = ApiScope.PATTERN, message = "must be read, devices or alerts") String> scopes,
        @Min(1) @Max(365) Integer expiresInDays) {
}
