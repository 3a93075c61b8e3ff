package dev.pifleet.registry.rollout;

import dev.pifleet.device.release.ReleaseVersions;
import dev.pifleet.fleet.FleetTargeted;
import dev.pifleet.service.ApiException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/rollouts}: a published version to {@code deviceIds} or a {@code tag}, in waves. Each wave's percent
 * is the share of the devices reached by the end of that wave (cumulative, increasing, the last 100): [10, 50, 100]
 * offers 10 % first, then up to half, then the rest.
 */
public class RolloutRequest extends FleetTargeted {

    @NotNull
    @Pattern(regexp = ReleaseVersions.PATTERN, message = ReleaseVersions.RULE)
    public String version;

    @NotNull
    @Size(min = 1, max = 10)
    public List<@NotNull @Min(1) @Max(100) Integer> waves;

    /** The failures (failed or rolled back) the rollout tolerates; one more pauses it. */
    @NotNull
    @Min(0)
    @Max(FleetTargeted.MAX_DEVICES)
    public Integer maxFailures;

    /** Offer the version to devices running a newer one: never unless asked. */
    public Boolean allowDowngrade;

    void requireValidWaves() {
        for (int i = 1; i < waves.size(); i++) {
            if (waves.get(i) <= waves.get(i - 1)) {
                throw ApiException.badRequest("waves", "each wave's percent must be above the one before it");
            }
        }
        if (waves.getLast() != 100) {
            throw ApiException.badRequest("waves", "the last wave must reach 100 percent");
        }
    }
}
