package dev.pifleet.registry.fleet;

import dev.pifleet.device.fleet.CommandName;
import dev.pifleet.fleet.CommandPayloads;
import dev.pifleet.fleet.CommandRequest;
import dev.pifleet.fleet.CommandStore;
import dev.pifleet.fleet.CommandTransitions;
import dev.pifleet.fleet.ConfigChange;
import dev.pifleet.fleet.ConfigRow;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.fleet.FleetConfig;
import dev.pifleet.fleet.FleetDevice;
import dev.pifleet.fleet.FleetTargeted;
import dev.pifleet.fleet.StoredCommand;
import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.devicestore.DeviceRight;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.registry.fleet.FleetAnswers.CommandView;
import dev.pifleet.registry.fleet.FleetAnswers.ConfigAnswer;
import dev.pifleet.registry.fleet.FleetAnswers.DeviceOutcome;
import dev.pifleet.service.ApiException;
import dev.pifleet.service.PageCursor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an owner may do with the desired configuration and the commands of their devices. Another user's device or
 * command answers exactly like an absent one. A queued command whose time to live has passed is shown expired, and
 * stored so (arbitrated against a delivery in the same instant) by the read that meets it: expiry is lazy, there is
 * no sweep; the ingest never delivers it because it asks only for unexpired commands.
 */
@ApplicationScoped
public class OwnedFleet {

    private final DeviceStore devices;
    private final DeviceConfigStore configs;
    private final CommandStore commands;
    private final CommandTransitions transitions;
    private final FleetConfig config;

    OwnedFleet(DeviceStore devices, DeviceConfigStore configs, CommandStore commands,
            CommandTransitions transitions, FleetConfig config) {
        this.devices = devices;
        this.configs = configs;
        this.commands = commands;
        this.transitions = transitions;
        this.config = config;
    }

    public ConfigAnswer config(String userId, String deviceId) {
        return ConfigAnswer.of(configs.find(devices.require(userId, deviceId, DeviceRight.VIEW).objectId()));
    }

    /** Applies the change; the answer's desired version is the one this change created. */
    public ConfigAnswer change(String userId, String deviceId, ConfigChange change) {
        change.requireNoTarget();
        change.requireValid();
        StoredDevice device = devices.require(userId, deviceId, DeviceRight.OPERATE);
        long version = configs.change(FleetDevice.of(device), change, Instant.now());
        ConfigRow row = configs.find(device.objectId());
        DesiredConfig stored = row.desired();
        DesiredConfig desired = new DesiredConfig(version, stored.readingIntervalSeconds(),
                stored.heartbeatIntervalSeconds(), stored.sensors(), stored.uploadBatchSize(), stored.update());
        return ConfigAnswer.of(new ConfigRow(row.objectId(), row.deviceObjectId(), desired, row.reported(), row.agent(),
                row.update()));
    }

    public CommandView queue(String userId, String deviceId, CommandRequest request) {
        request.requireNoTarget();
        Instant now = Instant.now();
        Instant expiresAt = expiry(request, now);
        StoredDevice device = devices.require(userId, deviceId, DeviceRight.OPERATE);
        return CommandView.of(commands.queueAll(List.of(FleetDevice.of(device)), name(request), request.args, expiresAt)
                .getFirst(), now);
    }

    public CommandView command(String userId, String deviceId, String commandId) {
        StoredDevice device = devices.require(userId, deviceId, DeviceRight.VIEW);
        StoredCommand command = commands.ofDevice(device.objectId(), commandId)
                .orElseThrow(() -> ApiException.notFound("no such command"));
        Instant now = Instant.now();
        return CommandView.of(settleExpired(List.of(command), now).getFirst(), now);
    }

    public FleetAnswers.CommandPage commands(String userId, String deviceId, int limit, String cursor) {
        String scope = userId + "\n" + deviceId + "\ncommands";
        PageCursor after = cursor == null ? null : PageCursor.decode(cursor, scope);
        StoredDevice device = devices.require(userId, deviceId, DeviceRight.VIEW);
        List<StoredCommand> rows = commands.page(device.objectId(), after == null ? null : after.at(),
                after == null ? null : after.objectId(), limit);
        List<StoredCommand> page = rows.subList(0, Math.min(limit, rows.size()));
        String next = rows.size() > limit
                ? new PageCursor(page.getLast().createdAt(), page.getLast().id()).encode(scope) : null;
        Instant now = Instant.now();
        return new FleetAnswers.CommandPage(true,
                settleExpired(page, now).stream().map(command -> CommandView.of(command, now)).toList(), next);
    }

    /** One config change for many devices: a batch per step, not a round-trip per device. */
    public List<DeviceOutcome> changeFleet(String userId, ConfigChange request) {
        request.requireTarget();
        request.requireValid();
        Targets targets = targets(userId, request);
        Map<String, Long> versions = configs.changeAll(targets.found(), request, Instant.now());
        return targets.outcomes(device -> new DeviceOutcome(device.deviceId(), "queued", versions.get(device.objectId()), null));
    }

    public List<DeviceOutcome> queueFleet(String userId, CommandRequest request) {
        request.requireTarget();
        Instant now = Instant.now();
        Instant expiresAt = expiry(request, now);
        CommandName name = name(request);
        Targets targets = targets(userId, request);
        Map<String, StoredCommand> queued = commands.queueAll(targets.found(), name, request.args, expiresAt).stream()
                .collect(Collectors.toMap(StoredCommand::deviceObjectId, Function.identity()));
        return targets.outcomes(device -> new DeviceOutcome(device.deviceId(), "queued", null,
                CommandView.of(queued.get(device.objectId()), now)));
    }

    /** The named devices in the order named (each once), those of the caller found; or every device with the tag. */
    private record Targets(List<String> named, Map<String, FleetDevice> byDeviceId) {

        List<FleetDevice> found() {
            return named.stream().filter(byDeviceId::containsKey).map(byDeviceId::get).toList();
        }

        List<DeviceOutcome> outcomes(Function<FleetDevice, DeviceOutcome> queued) {
            return named.stream().map(deviceId -> byDeviceId.containsKey(deviceId) ? queued.apply(byDeviceId.get(deviceId))
                    : new DeviceOutcome(deviceId, "not_found", null, null)).toList();
        }
    }

    private Targets targets(String userId, FleetTargeted target) {
        List<StoredDevice> candidates = devices.listOwned(userId, target.tag);
        Map<String, FleetDevice> byDeviceId = new HashMap<>();
        candidates.forEach(device -> byDeviceId.put(device.deviceId(), FleetDevice.of(device)));
        List<String> named = target.deviceIds != null ? new ArrayList<>(new LinkedHashSet<>(target.deviceIds))
                : candidates.stream().map(StoredDevice::deviceId).sorted().toList();
        return new Targets(named, byDeviceId);
    }

    private Instant expiry(CommandRequest request, Instant now) {
        Duration ttl = request.ttlSeconds == null ? config.defaultCommandTtl() : Duration.ofSeconds(request.ttlSeconds);
        if (ttl.compareTo(config.maxCommandTtl()) > 0) {
            throw ApiException.badRequest("ttlSeconds", "at most " + config.maxCommandTtl().toSeconds() + " seconds");
        }
        CommandPayloads.requireStorable("args", request.args);
        return now.plus(ttl);
    }

    private static CommandName name(CommandRequest request) {
        return CommandName.fromWire(request.name)
                .orElseThrow(() -> ApiException.badRequest("name", "unknown command: " + request.name));
    }

    private List<StoredCommand> settleExpired(List<StoredCommand> page, Instant now) {
        List<StoredCommand> expired = page.stream().filter(command -> command.expiredUnstored(now)).toList();
        if (expired.isEmpty()) {
            return page;
        }
        Map<String, StoredCommand> settled = transitions.expire(expired).stream()
                .collect(Collectors.toMap(StoredCommand::id, Function.identity()));
        return page.stream().map(command -> settled.getOrDefault(command.id(), command)).toList();
    }
}
