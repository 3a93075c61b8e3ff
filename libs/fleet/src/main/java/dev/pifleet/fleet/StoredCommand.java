package dev.pifleet.fleet;

import dev.pifleet.device.fleet.CommandState;
import dev.pifleet.device.fleet.DeviceCommand;
import java.time.Instant;
import java.util.Map;

/**
 * A {@code FleetCommand} row. {@code state} is the state as of now: a queued command whose time to live has passed is
 * {@code expired} even before a reader has stored that ({@link #expiredUnstored}).
 */
public record StoredCommand(String id, String deviceObjectId, String deviceId, String ownerId, String name,
        Map<String, Object> args, CommandState state, Map<String, Object> result, String error, Instant createdAt,
        Instant expiresAt, Instant sentAt, Instant finishedAt) {

    /** Queued in Parse, but its time to live has passed: it will never be delivered. */
    public boolean expiredUnstored(Instant now) {
        return state == CommandState.QUEUED && !expiresAt.isAfter(now);
    }

    /** The state an owner is shown at {@code now}. */
    public CommandState stateAt(Instant now) {
        return expiredUnstored(now) ? CommandState.EXPIRED : state;
    }

    public Instant finishedAtAt(Instant now) {
        return expiredUnstored(now) ? expiresAt : finishedAt;
    }

    public DeviceCommand toDevice() {
        return new DeviceCommand(id, name, args, expiresAt);
    }
}
