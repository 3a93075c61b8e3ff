package dev.pifleet.registry.manage;

import dev.pifleet.device.DeviceName;
import jakarta.validation.constraints.NotNull;

public record RenameRequest(@NotNull @DeviceName String name) {
}
