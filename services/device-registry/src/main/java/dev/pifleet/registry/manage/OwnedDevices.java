package dev.pifleet.registry.manage;

import dev.pifleet.fleet.ConfigRow;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.fleet.DeviceView;
import dev.pifleet.fleet.DeviceViews;
import dev.pifleet.devicestore.DeviceAccess;
import dev.pifleet.devicestore.DeviceRight;
import dev.pifleet.devicestore.DeviceRole;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.registry.key.DeviceKeys;
import jakarta.enterprise.context.ApplicationScoped;
import dev.pifleet.service.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a user may do with the devices they own or that are shared with them. Who may is {@link DeviceStore#require}'s
 * rule: another user's device is answered exactly like an absent one, a shared one without the right with 403.
 */
@ApplicationScoped
public class OwnedDevices {

    /** Most recently heard from first, never-seen devices last, newest registration first among equals. */
    private static final Comparator<StoredDevice> NEWEST_LAST_SEEN_FIRST = Comparator
            .comparing(StoredDevice::lastSeen, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(StoredDevice::createdAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()));

    private final DeviceStore devices;
    private final DeviceKeys keys;
    private final DeviceViews deviceViews;
    private final PurgeJob purgeJob;
    private final DeviceConfigStore configs;

    OwnedDevices(DeviceStore devices, DeviceKeys keys, DeviceViews deviceViews, PurgeJob purgeJob,
            DeviceConfigStore configs) {
        this.devices = devices;
        this.keys = keys;
        this.deviceViews = deviceViews;
        this.purgeJob = purgeJob;
        this.configs = configs;
    }

    /**
     * The owner's devices (those carrying {@code tag}, when given) with their fleet state: two queries however many.
     * Without a tag, the devices shared with the caller follow, marked shared (tags are their owners' labels).
     * Sorted here, not by Parse: Postgres puts NULL (never seen) first when ordering lastSeen descending.
     */
    public List<DeviceView> list(String userId, String tag) {
        List<StoredDevice> owned = devices.listOwned(userId, tag);
        Map<String, ConfigRow> fleet = owned.isEmpty() ? Map.of() : configs.forOwner(userId);
        List<DeviceView> views = new ArrayList<>(owned.stream().sorted(NEWEST_LAST_SEEN_FIRST)
                .map(device -> view(device, DeviceRole.OWNER,
                        fleet.getOrDefault(device.objectId(), ConfigRow.none(device.objectId()))))
                .toList());
        if (tag == null) {
            devices.listShared(userId).stream()
                    .sorted(Comparator.comparing(DeviceAccess::device, NEWEST_LAST_SEEN_FIRST))
                    .forEach(shared -> views.add(view(shared.device(), shared.role(), configs.find(shared.device().objectId()))));
        }
        return views;
    }

    public DeviceView get(String userId, String deviceId) {
        return deviceViews.of(devices.access(userId, deviceId).orElseThrow(() -> ApiException.notFound("no such device")));
    }

    public DeviceView update(String userId, String deviceId, DeviceUpdate update) {
        update.requireSomething();
        StoredDevice device = devices.require(userId, deviceId, DeviceRight.OWN);
        devices.update(device.objectId(), update.name(), update.distinctTags());
        StoredDevice updated = update.name() == null ? device : device.withName(update.name());
        StoredDevice shown = update.tags() == null ? updated : updated.withTags(update.distinctTags());
        return view(shown, DeviceRole.OWNER, configs.find(device.objectId()));
    }

    /**
     * A Pi paired by code proves its key pair to collect keys, so its key is only revoked: the Pi gets 401, asks the
     * cloud, and receives a fresh key that never passes through the browser. A legacy device gets the new key here.
     */
    public Optional<String> rotateKey(String userId, String deviceId) {
        StoredDevice device = devices.require(userId, deviceId, DeviceRight.OWN);
        if (device.pairedByCode()) {
            keys.revoke(device);
            return Optional.empty();
        }
        return Optional.of(keys.rotate(device));
    }

    /**
     * Deleting the row revokes the key and frees the deviceId for a new claim. Without purge the
     * readings stay, pointing at the deleted row's objectId, which no future Device row will have.
     * With purge the row is handed to the {@link PurgeJob} in one write (no key, no claimable deviceId, gone from
     * every list), which deletes the readings in the background and then the row: the request stays short however
     * many readings there are, and a crash midway leaves the job's to-do item in Parse.
     */
    public void delete(String userId, String deviceId, boolean purgeReadings) {
        StoredDevice device = devices.require(userId, deviceId, DeviceRight.OWN);
        if (purgeReadings) {
            devices.markForPurge(device, Instant.now());
            purgeJob.runSoon();
        } else {
            devices.delete(device.objectId());
        }
    }

    private DeviceView view(StoredDevice device, DeviceRole role, ConfigRow fleet) {
        return deviceViews.of(device, role, fleet);
    }
}
