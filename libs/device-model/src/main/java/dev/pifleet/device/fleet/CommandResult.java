package dev.pifleet.device.fleet;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** {@code POST /api/device/commands/{id}/result}: how a command ended on the device. */
public record CommandResult(
        @NotNull @Pattern(regexp = "^(succeeded|failed)$", message = "state is succeeded or failed") String state,
        Map<String, Object> result,
        @Size(max = 500) String error) {
}
