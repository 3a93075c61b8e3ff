package dev.pifleet.fleet;

import dev.pifleet.device.fleet.AgentReport;
import dev.pifleet.device.fleet.ConfigReport;
import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.device.release.UpdateOffer;
import dev.pifleet.device.release.UpdateReport;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code DeviceConfig}: one row per device (unique {@code device}), master key only. It holds the desired document,
 * whose {@code version} is bumped by Parse's atomic Increment in the same update that sets the changed settings (so
 * concurrent changes each get their own version and none loses a field), what the agent reported about it, and the
 * agent's last heartbeat report. The row is created by whichever comes first, a change or a report; the unique index
 * makes the other an update.
 */
@ApplicationScoped
public class DeviceConfigStore {

    public static final String CLASS = "DeviceConfig";
    static final String DEVICE = "device";
    static final String DEVICE_ID = "deviceId";
    static final String OWNER = "owner";
    static final String VERSION = "version";
    static final String READING_INTERVAL = "readingIntervalSeconds";
    static final String HEARTBEAT_INTERVAL = "heartbeatIntervalSeconds";
    static final String SENSORS = "sensors";
    static final String UPLOAD_BATCH = "uploadBatchSize";
    /** When the desired document last changed (the writer's clock): what each ingest replica looks for every second. */
    static final String CHANGED_AT = "changedAt";
    static final String REPORTED_VERSION = "reportedVersion";
    static final String REPORTED_APPLIED_AT = "reportedAppliedAt";
    static final String REPORTED_ERROR = "reportedError";
    static final String AGENT_VERSION = "agentVersion";
    static final String OS = "os";
    static final String KERNEL = "kernel";
    static final String UPTIME = "uptimeSeconds";
    static final String BACKLOG = "backlog";
    static final String OLDEST_AGE = "oldestBufferedAgeSeconds";
    static final String FREE_DISK = "freeDiskBytes";
    static final String REPORTED_AT = "reportedAt";
    /** The agent update a rollout offers (an object: UpdateOffer's fields), part of the desired document. */
    static final String OFFER = "offer";
    /** The agent's progress on an offer (an object: UpdateReport's fields). */
    static final String UPDATE = "updateReport";
    /** The most rows one owner's listing reads: the registry's device quota is far below. */
    static final int MAX_PER_OWNER = 1000;

    private final ParseClient parse;

    DeviceConfigStore(ParseClient parse) {
        this.parse = parse;
    }

    /** Deletes the device's row, if any (a purged device's). */
    public void deleteOf(String deviceObjectId) {
        parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(DEVICE, devicePointer(deviceObjectId)).keys(VERSION))
                .ifPresent(row -> parse.delete(ParseAuth.master(), CLASS, row.objectId()));
    }

    /** The device's row; {@link ConfigRow#none} when it has none yet. */
    public ConfigRow find(String deviceObjectId) {
        return findRow(deviceObjectId).orElseGet(() -> ConfigRow.none(deviceObjectId));
    }

    private Optional<ConfigRow> findRow(String deviceObjectId) {
        return parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(DEVICE, devicePointer(deviceObjectId)))
                .map(DeviceConfigStore::toRow);
    }

    /** Every row of the owner's devices, by device objectId (one query). */
    public Map<String, ConfigRow> forOwner(String ownerId) {
        Map<String, ConfigRow> rows = new HashMap<>();
        parse.find(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(OWNER, Pointer.user(ownerId)).limit(MAX_PER_OWNER))
                .forEach(row -> rows.put(row.getPointerId(DEVICE), toRow(row)));
        return rows;
    }

    /** Applies the change to one device; returns the version it created. */
    public long change(FleetDevice device, ConfigChange change, Instant at) {
        return changeAll(List.of(device), change, at).get(device.objectId());
    }

    /**
     * Applies the change to each device (all of one owner) in at most three batches however many there are: creates
     * for devices without a row, updates for the others, updates for the creates that lost to a concurrent create.
     * Returns the version each change created, by device objectId.
     */
    public Map<String, Long> changeAll(List<FleetDevice> devices, ConfigChange change, Instant at) {
        return applyAll(devices, () -> changeFields(change), at);
    }

    /**
     * Offers an agent release to each device (all of one owner): a new version of its desired document carrying the
     * offer, which the long-poll (or the heartbeat's fallback) delivers whole, so an offline Pi gets it when it returns.
     */
    public Map<String, Long> offerAll(List<FleetDevice> devices, UpdateOffer offer, Instant at) {
        return applyAll(devices, () -> ParseFields.create().setObject(OFFER, offerMap(offer)), at);
    }

    /** Takes back the offer of this rollout from each device whose document still carries it. */
    public void withdrawAll(List<FleetDevice> devices, String rolloutId, Instant at) {
        Map<String, ConfigRow> rows = devices.isEmpty() ? Map.of() : forOwner(devices.getFirst().ownerId());
        List<BatchOperation> updates = devices.stream().map(device -> rows.get(device.objectId()))
                .filter(row -> row != null && row.desired().update() != null
                        && rolloutId.equals(row.desired().update().rolloutId()))
                .map(row -> BatchOperation.update(CLASS, row.objectId(),
                        ParseFields.create().unset(OFFER).increment(VERSION, 1).set(CHANGED_AT, at)))
                .toList();
        if (!updates.isEmpty()) {
            parse.batch(ParseAuth.master(), updates);
        }
    }

    private Map<String, Long> applyAll(List<FleetDevice> devices, java.util.function.Supplier<ParseFields> changeFields,
            Instant at) {
        Map<String, Long> versions = new HashMap<>();
        if (devices.isEmpty()) {
            return versions;
        }
        Map<String, ConfigRow> rows = devices.size() == 1
                ? findRow(devices.getFirst().objectId()).map(row -> Map.of(row.deviceObjectId(), row)).orElse(Map.of())
                : forOwner(devices.getFirst().ownerId());
        List<FleetDevice> missing = devices.stream().filter(device -> !rows.containsKey(device.objectId())).toList();
        List<FleetDevice> lostCreates = new ArrayList<>();
        List<BatchResult> created = parse.batch(ParseAuth.master(), missing.stream()
                .map(device -> BatchOperation.create(CLASS, rowOf(changeFields.get(), device).increment(VERSION, 1)
                        .set(CHANGED_AT, at).acl(ParseAcl.masterOnly())))
                .toList());
        for (int i = 0; i < missing.size(); i++) {
            BatchResult result = created.get(i);
            if (result.succeeded()) {
                versions.put(missing.get(i).objectId(), 1L);
            } else if (result.error() instanceof ParseException.DuplicateValueException) {
                lostCreates.add(missing.get(i));
            } else {
                throw result.error();
            }
        }
        Map<String, String> rowIds = new HashMap<>();
        rows.forEach((deviceObjectId, row) -> rowIds.put(deviceObjectId, row.objectId()));
        for (FleetDevice device : lostCreates) {
            rowIds.put(device.objectId(), findRow(device.objectId()).orElseThrow().objectId());
        }
        List<FleetDevice> toUpdate = devices.stream()
                .filter(device -> !versions.containsKey(device.objectId()) && rowIds.containsKey(device.objectId())).toList();
        List<BatchResult> updated = parse.batch(ParseAuth.master(), toUpdate.stream()
                .map(device -> BatchOperation.update(CLASS, rowIds.get(device.objectId()),
                        changeFields.get().increment(VERSION, 1).set(CHANGED_AT, at)))
                .toList());
        for (int i = 0; i < toUpdate.size(); i++) {
            BatchResult result = updated.get(i);
            if (!result.succeeded()) {
                throw result.error();
            }
            versions.put(toUpdate.get(i).objectId(), result.success().path(VERSION).asLong());
        }
        return versions;
    }

    /**
     * Stores the heartbeat's report (only the fields it carries) on the device's row, creating the row (version 0: no
     * desired document) when the device has none.
     */
    public void report(FleetDevice device, ConfigRow current, AgentReport report, Instant at) {
        ParseFields fields = reportFields(report, at);
        if (current.objectId() != null) {
            parse.update(ParseAuth.master(), CLASS, current.objectId(), fields);
            return;
        }
        try {
            parse.create(ParseAuth.master(), CLASS, rowOf(reportFields(report, at), device).set(VERSION, 0)
                    .acl(ParseAcl.masterOnly()));
        } catch (ParseException.DuplicateValueException createdMeanwhile) {
            parse.update(ParseAuth.master(), CLASS, findRow(device.objectId()).orElseThrow().objectId(), fields);
        }
    }

    /**
     * The devices whose desired document changed after {@code since}, at most {@code limit} (the caller treats a full
     * answer as "maybe more"). One indexed query.
     */
    public List<FleetChange> changedSince(Instant since, int limit) {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).greaterThan(CHANGED_AT, since)
                        .keys(DEVICE, CHANGED_AT).limit(limit)).stream()
                .map(row -> new FleetChange("config:" + row.objectId() + "@" + row.getDate(CHANGED_AT).toEpochMilli(),
                        row.getPointerId(DEVICE)))
                .toList();
    }

    private static ParseFields rowOf(ParseFields fields, FleetDevice device) {
        return fields.set(DEVICE, device.pointer()).set(DEVICE_ID, device.deviceId())
                .set(OWNER, Pointer.user(device.ownerId()));
    }

    private static ParseFields changeFields(ConfigChange change) {
        ParseFields fields = ParseFields.create();
        if (change.readingIntervalSeconds != null) {
            fields.set(READING_INTERVAL, change.readingIntervalSeconds.longValue());
        }
        if (change.heartbeatIntervalSeconds != null) {
            fields.set(HEARTBEAT_INTERVAL, change.heartbeatIntervalSeconds.longValue());
        }
        if (change.sensors != null) {
            fields.set(SENSORS, change.sensors);
        }
        if (change.uploadBatchSize != null) {
            fields.set(UPLOAD_BATCH, change.uploadBatchSize.longValue());
        }
        return fields;
    }

    private static ParseFields reportFields(AgentReport report, Instant at) {
        ParseFields fields = ParseFields.create().set(REPORTED_AT, at);
        setIfPresent(fields, AGENT_VERSION, report.agentVersion());
        setIfPresent(fields, OS, report.os());
        setIfPresent(fields, KERNEL, report.kernel());
        setIfPresent(fields, UPTIME, report.uptimeSeconds());
        setIfPresent(fields, BACKLOG, report.backlog());
        setIfPresent(fields, OLDEST_AGE, report.oldestBufferedAgeSeconds());
        setIfPresent(fields, FREE_DISK, report.freeDiskBytes());
        UpdateReport update = report.update();
        if (update != null) {
            Map<String, Object> map = new HashMap<>();
            map.put("rolloutId", update.rolloutId());
            map.put("version", update.version());
            map.put("state", update.state());
            map.put("reason", update.reason());
            fields.setObject(UPDATE, map);
        }
        ConfigReport config = report.config();
        if (config != null) {
            fields.set(REPORTED_VERSION, config.version());
            if (config.appliedAt() != null) {
                fields.set(REPORTED_APPLIED_AT, config.appliedAt());
            } else {
                fields.unset(REPORTED_APPLIED_AT);
            }
            if (config.error() != null) {
                fields.set(REPORTED_ERROR, config.error());
            } else {
                fields.unset(REPORTED_ERROR);
            }
        }
        return fields;
    }

    private static Map<String, Object> offerMap(UpdateOffer offer) {
        Map<String, Object> map = new HashMap<>();
        map.put("rolloutId", offer.rolloutId());
        map.put("version", offer.version());
        map.put("url", offer.url());
        map.put("sha256", offer.sha256());
        map.put("size", offer.size());
        map.put("signature", offer.signature());
        map.put("allowDowngrade", offer.allowDowngrade());
        return map;
    }

    private static UpdateOffer offer(ParseObject row) {
        if (!row.has(OFFER) || !row.get(OFFER).isObject()) {
            return null;
        }
        com.fasterxml.jackson.databind.JsonNode offer = row.get(OFFER);
        return new UpdateOffer(offer.path("rolloutId").asText(), offer.path("version").asText(),
                offer.path("url").asText(), offer.path("sha256").asText(), offer.path("size").asLong(),
                offer.path("signature").asText(), offer.path("allowDowngrade").asBoolean());
    }

    private static UpdateReport update(ParseObject row) {
        if (!row.has(UPDATE) || !row.get(UPDATE).isObject()) {
            return null;
        }
        com.fasterxml.jackson.databind.JsonNode update = row.get(UPDATE);
        return new UpdateReport(update.path("rolloutId").asText(), update.path("version").asText(),
                update.path("state").asText(), update.hasNonNull("reason") ? update.path("reason").asText() : null);
    }

    private static void setIfPresent(ParseFields fields, String field, String value) {
        if (value != null) {
            fields.set(field, value);
        }
    }

    private static void setIfPresent(ParseFields fields, String field, Long value) {
        if (value != null) {
            fields.set(field, value.longValue());
        }
    }

    private static Pointer devicePointer(String deviceObjectId) {
        return DeviceClass.pointer(deviceObjectId);
    }

    static ConfigRow toRow(ParseObject row) {
        DesiredConfig desired = new DesiredConfig(row.has(VERSION) ? row.getLong(VERSION) : 0, integer(row, READING_INTERVAL),
                integer(row, HEARTBEAT_INTERVAL), row.has(SENSORS) ? row.getStrings(SENSORS) : null,
                integer(row, UPLOAD_BATCH), offer(row));
        ConfigReport reported = row.has(REPORTED_VERSION) ? new ConfigReport(row.getLong(REPORTED_VERSION),
                row.getDate(REPORTED_APPLIED_AT), row.getString(REPORTED_ERROR)) : null;
        AgentState agent = row.has(REPORTED_AT) ? new AgentState(row.getString(AGENT_VERSION), row.getString(OS),
                row.getString(KERNEL), row.getLong(UPTIME), row.getLong(BACKLOG), row.getLong(OLDEST_AGE),
                row.getLong(FREE_DISK), row.getDate(REPORTED_AT)) : null;
        return new ConfigRow(row.objectId(), row.getPointerId(DEVICE), desired, reported, agent, update(row));
    }

    private static Integer integer(ParseObject row, String field) {
        return row.has(field) ? (int) row.getLong(field).longValue() : null;
    }
}
