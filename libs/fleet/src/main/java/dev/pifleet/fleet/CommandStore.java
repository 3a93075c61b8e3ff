package dev.pifleet.fleet;

import dev.pifleet.device.DeviceClass;
import dev.pifleet.device.fleet.CommandName;
import dev.pifleet.device.fleet.CommandState;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code FleetCommand} rows, master key only; the id is the row's objectId. {@code state} holds {@code queued} or
 * {@code sent}, and only {@link CommandTransitions} changes it; the end of a command is stored apart, in
 * {@code outcome} (succeeded, failed, expired) with {@code finishedAt}, so no late write can take a finished command
 * back to an earlier state.
 */
@ApplicationScoped
public class CommandStore {

    public static final String CLASS = "FleetCommand";
    static final String DEVICE = "device";
    static final String DEVICE_ID = "deviceId";
    static final String OWNER = "owner";
    static final String NAME = "name";
    static final String ARGS = "args";
    static final String STATE = "state";
    static final String OUTCOME = "outcome";
    static final String RESULT = "result";
    static final String ERROR = "error";
    static final String EXPIRES_AT = "expiresAt";
    static final String SENT_AT = "sentAt";
    static final String FINISHED_AT = "finishedAt";
    private static final String CREATED_AT = "createdAt";
    private static final String OBJECT_ID = "objectId";
    /** Parse's /batch is fastest at about 50 objects per request (docs/parse-server.md). */
    private static final int BATCH_SIZE = 50;
    private static final Pattern COMMAND_ID = Pattern.compile("^[A-Za-z0-9]{1,32}$");

    private final ParseClient parse;

    CommandStore(ParseClient parse) {
        this.parse = parse;
    }

    /** Ids of up to {@code limit} of the device's commands: what a purge deletes next (their transitions first). */
    public List<String> someOf(String deviceObjectId, int limit) {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(DEVICE, new Pointer(DeviceClass.NAME, deviceObjectId))
                .keys(STATE).limit(limit)).stream().map(ParseObject::objectId).toList();
    }

    /** Deletes these commands (a purged device's); already deleted ones are skipped. */
    public void delete(List<String> commandIds) {
        if (!commandIds.isEmpty()) {
            parse.batch(ParseAuth.master(), commandIds.stream().map(id -> BatchOperation.delete(CLASS, id)).toList());
        }
    }

    /** Queues one command per device, in batches of 50; returns them in the order of {@code devices}. */
    public List<StoredCommand> queueAll(List<FleetDevice> devices, CommandName name, Map<String, Object> args,
            Instant expiresAt) {
        List<StoredCommand> queued = new ArrayList<>();
        for (int from = 0; from < devices.size(); from += BATCH_SIZE) {
            List<FleetDevice> chunk = devices.subList(from, Math.min(devices.size(), from + BATCH_SIZE));
            List<BatchResult> results = parse.batch(ParseAuth.master(), chunk.stream()
                    .map(device -> BatchOperation.create(CLASS, newCommand(device, name, args, expiresAt))).toList());
            for (int i = 0; i < chunk.size(); i++) {
                BatchResult result = results.get(i);
                if (!result.succeeded()) {
                    throw result.error();
                }
                FleetDevice device = chunk.get(i);
                queued.add(new StoredCommand(result.objectId(), device.objectId(), device.deviceId(), device.ownerId(),
                        name.wireName(), args == null ? Map.of() : args, CommandState.QUEUED, null, null,
                        Instant.parse(result.success().path(CREATED_AT).asText()), expiresAt, null, null));
            }
        }
        return queued;
    }

    private static ParseFields newCommand(FleetDevice device, CommandName name, Map<String, Object> args, Instant expiresAt) {
        return ParseFields.create()
                .set(DEVICE, device.pointer())
                .set(DEVICE_ID, device.deviceId())
                .set(OWNER, Pointer.user(device.ownerId()))
                .set(NAME, name.wireName())
                .setObject(ARGS, args == null ? Map.of() : args)
                .set(STATE, CommandState.QUEUED.wireName())
                .set(EXPIRES_AT, expiresAt)
                .acl(ParseAcl.masterOnly());
    }

    /** The device's command by id; empty for another device's command or a malformed id. */
    public Optional<StoredCommand> ofDevice(String deviceObjectId, String commandId) {
        if (commandId == null || !COMMAND_ID.matcher(commandId).matches()) {
            return Optional.empty();
        }
        return parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(OBJECT_ID, commandId)
                .equalTo(DEVICE, devicePointer(deviceObjectId))).map(CommandStore::toCommand);
    }

    /**
     * One page of a device's commands, newest first by (createdAt, objectId), strictly after the cursor position;
     * asks for one row more than {@code limit} so the caller can tell whether another page follows.
     */
    public List<StoredCommand> page(String deviceObjectId, Instant beforeCreatedAt, String beforeId, int limit) {
        ParseQuery query = ParseQuery.of(CLASS).equalTo(DEVICE, devicePointer(deviceObjectId))
                .orderBy("-" + CREATED_AT, "-" + OBJECT_ID).limit(limit + 1);
        if (beforeCreatedAt != null) {
            query.lessThanOrEqualTo(CREATED_AT, beforeCreatedAt);
            query.or(ParseQuery.of(CLASS).lessThan(CREATED_AT, beforeCreatedAt),
                    ParseQuery.of(CLASS).equalTo(CREATED_AT, beforeCreatedAt).lessThan(OBJECT_ID, beforeId));
        }
        return parse.find(ParseAuth.master(), query).stream().map(CommandStore::toCommand).toList();
    }

    /** The device's deliverable commands: queued, unfinished, time to live not passed; oldest first. */
    public List<StoredCommand> deliverable(String deviceObjectId, Instant now, int limit) {
        return parse.find(ParseAuth.master(), deliverableQuery(deviceObjectId, now).orderBy(CREATED_AT).limit(limit))
                .stream().map(CommandStore::toCommand).toList();
    }

    public long countDeliverable(String deviceObjectId, Instant now) {
        return parse.count(ParseAuth.master(), deliverableQuery(deviceObjectId, now));
    }

    private static ParseQuery deliverableQuery(String deviceObjectId, Instant now) {
        return ParseQuery.of(CLASS).equalTo(DEVICE, devicePointer(deviceObjectId))
                .equalTo(STATE, CommandState.QUEUED.wireName()).doesNotExist(OUTCOME).greaterThan(EXPIRES_AT, now);
    }

    /**
     * The devices that got a command created after {@code since}, at most {@code limit} rows read (the caller treats a
     * full answer as "maybe more"). One indexed query.
     */
    public List<FleetChange> queuedSince(Instant since, int limit) {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).greaterThan(CREATED_AT, since).keys(DEVICE).limit(limit))
                .stream().map(row -> new FleetChange("command:" + row.objectId(), row.getPointerId(DEVICE))).toList();
    }

    static BatchOperation markSent(String commandId, Instant at) {
        return BatchOperation.update(CLASS, commandId,
                ParseFields.create().set(STATE, CommandState.SENT.wireName()).set(SENT_AT, at));
    }

    static BatchOperation markFinished(String commandId, CommandState outcome, Map<String, Object> result, String error,
            Instant at) {
        ParseFields fields = ParseFields.create().set(OUTCOME, outcome.wireName()).set(FINISHED_AT, at);
        if (result != null) {
            fields.setObject(RESULT, result);
        }
        if (error != null) {
            fields.set(ERROR, error);
        }
        return BatchOperation.update(CLASS, commandId, fields);
    }

    private static Pointer devicePointer(String deviceObjectId) {
        return new Pointer(DeviceClass.NAME, deviceObjectId);
    }

    static StoredCommand toCommand(ParseObject row) {
        String outcome = row.getString(OUTCOME);
        CommandState state = CommandState.fromWire(outcome != null ? outcome : row.getString(STATE)).orElseThrow();
        return new StoredCommand(row.objectId(), row.getPointerId(DEVICE), row.getString(DEVICE_ID),
                row.getPointerId(OWNER), row.getString(NAME), row.getObject(ARGS), state,
                row.has(RESULT) ? row.getObject(RESULT) : null, row.getString(ERROR), row.createdAt(),
                row.getDate(EXPIRES_AT), row.getDate(SENT_AT), row.getDate(FINISHED_AT));
    }
}
