package dev.pifleet.registry.release;

import dev.pifleet.device.release.ReleaseSignature;
import dev.pifleet.device.release.ReleaseVersions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/releases}: a signed agent package that lives at {@code url}. The registry never fetches the URL:
 * what the Pi installs is pinned by {@code sha256} and {@code signature}, which it checks itself.
 */
public record PublishRequest(
        @NotNull @Pattern(regexp = ReleaseVersions.PATTERN, message = ReleaseVersions.RULE) String version,
        @NotNull @Pattern(regexp = ReleaseSignature.SHA256_PATTERN, message = ReleaseSignature.SHA256_RULE) String sha256,
        @NotNull @Positive @Max(Releases.MAX_PACKAGE_BYTES) Long size,
        @NotNull @Size(max = 2000) @Pattern(regexp = "^https?://[^\\s]+$", message = "must be an http(s) URL")
        String url,
        @NotNull @Pattern(regexp = ReleaseSignature.SIGNATURE_PATTERN, message = ReleaseSignature.SIGNATURE_RULE)
        String signature,
        // PostgreSQL text cannot hold NUL (Parse then fails with a 5xx); other control characters are junk too.
        @Size(max = 500) @Pattern(regexp = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*$",
                message = "must not hold control characters (line breaks and tabs are fine)") String notes) {
}
