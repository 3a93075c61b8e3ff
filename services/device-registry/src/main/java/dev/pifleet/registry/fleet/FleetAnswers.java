package dev.pifleet.registry.fleet;

import dev.pifleet.device.fleet.ConfigReport;
import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.fleet.ConfigRow;
import dev.pifleet.fleet.StoredCommand;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON answers of fleet control's user side. */
public final class FleetAnswers {

    private FleetAnswers() {
    }

    /**
     * {@code GET|PATCH /api/devices/{deviceId}/config}. {@code reported} is null until the agent reported a version;
     * after a PATCH, {@code desired.version} is the version that change created.
     */
    public record ConfigAnswer(boolean success, DesiredConfig desired, ConfigReport reported, String state) {

        static ConfigAnswer of(ConfigRow row) {
            return new ConfigAnswer(true, row.desired(), row.reported(), row.state().wireName());
        }
    }

    /** A command as its owner sees it; {@code state} as of the answer (a queued command past its ttl is expired). */
    public record CommandView(String id, String deviceId, String name, Map<String, Object> args, String state,
            Map<String, Object> result, String error, Instant createdAt, Instant expiresAt, Instant sentAt,
            Instant finishedAt) {

        static CommandView of(StoredCommand command, Instant now) {
            return new CommandView(command.id(), command.deviceId(), command.name(), command.args(),
                    command.stateAt(now).wireName(), command.result(), command.error(), command.createdAt(),
                    command.expiresAt(), command.sentAt(), command.finishedAtAt(now));
        }
    }

    public record OneCommand(boolean success, CommandView command) {
    }

    public record CommandPage(boolean success, List<CommandView> commands, String nextCursor) {
    }

    /**
     * One device's outcome of a fleet-wide operation: {@code status} is {@code queued} (with the config {@code version}
     * it created, or the {@code command}) or {@code not_found} (no device of the caller by that id).
     */
    public record DeviceOutcome(String deviceId, String status, Long version, CommandView command) {
    }

    public record FleetAnswer(boolean success, List<DeviceOutcome> results) {
    }
}
