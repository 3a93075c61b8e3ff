package dev.pifleet.fleet;

import dev.pifleet.device.DeviceIds;
import dev.pifleet.service.ApiException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The target of a fleet-wide request ({@code POST /api/fleet/...}): {@code deviceIds} or {@code tag}, exactly one,
 * beside the same fields as the one-device request, which names its device in the path and so takes neither.
 */
public abstract class FleetTargeted {

    /** The most deviceIds one request names (ten times the default device quota). */
    public static final int MAX_DEVICES = 1000;

    @Size(min = 1, max = MAX_DEVICES)
    public List<@NotNull @Pattern(regexp = DeviceIds.PATTERN, message = DeviceIds.RULE) String> deviceIds;

    @Pattern(regexp = FleetTags.PATTERN, message = FleetTags.MESSAGE)
    public String tag;

    /** For {@code /api/fleet/...}: one of deviceIds and tag. */
    public void requireTarget() {
        if ((deviceIds == null) == (tag == null)) {
            throw ApiException.badRequest("deviceIds", "send either deviceIds (a list) or tag, not both");
        }
    }

    /** For a one-device request: its device is in the path. */
    public void requireNoTarget() {
        if (deviceIds != null || tag != null) {
            throw ApiException.badRequest(deviceIds != null ? "deviceIds" : "tag",
                    "this call is for the device in its path; use /api/fleet/... for many devices");
        }
    }
}
