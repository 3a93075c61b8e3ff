package dev.pifleet.alerting.rule;

import dev.pifleet.device.DeviceId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/alert-rules}. Field rules here; the rules between fields (offline vs threshold, at least one
 * channel, the webhook target) are checked by {@link AlertRules}.
 */
public record RuleRequest(
        @NotNull @DeviceId String deviceId,
        @NotNull @Pattern(regexp = "offline|above|below", message = "one of offline, above, below") String kind,
        @Pattern(regexp = "^[A-Za-z0-9_.-]{1,64}$", message = "letters, digits, _ . - and at most 64 characters")
        String sensor,
        Double threshold,
        @PositiveOrZero Double deadband,
        @NotNull @Min(0) @Max(value = 604_800, message = "at most 604800 (7 days)") Long forSeconds,
        Boolean email,
        @Size(max = 2048) String webhookUrl,
        @Min(1) @Max(value = 10_080, message = "at most 10080 (7 days)") Integer repeatMinutes) {
}
