package dev.pifleet.registry.manage;

import dev.pifleet.registry.device.DeviceStore;
import dev.pifleet.registry.device.StoredDevice;
import dev.pifleet.registry.key.DeviceKeys;
import dev.pifleet.registry.status.OfflineTimeout;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What a user may do with the devices they own. Another user's device is answered exactly like an absent one. */
@ApplicationScoped
public class OwnedDevices {

    /** Most recently heard from first, never-seen devices last, newest registration first among equals. */
    private static final Comparator<StoredDevice> NEWEST_LAST_SEEN_FIRST = Comparator
            .comparing(StoredDevice::lastSeen, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(StoredDevice::createdAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()));

    private final DeviceStore devices;
    private final DeviceKeys keys;
    private final OfflineTimeout timeout;
    private final PurgeJob purgeJob;

    OwnedDevices(DeviceStore devices, DeviceKeys keys, OfflineTimeout timeout, PurgeJob purgeJob) {
        this.devices = devices;
        this.keys = keys;
        this.timeout = timeout;
        this.purgeJob = purgeJob;
    }

    /** Sorted here, not by Parse: Postgres puts NULL (never seen) first when ordering lastSeen descending. */
    public List<DeviceView> list(String userId) {
        return devices.listOwned(userId).stream().sorted(NEWEST_LAST_SEEN_FIRST).map(this::view).toList();
    }

    public DeviceView get(String userId, String deviceId) {
        return view(require(userId, deviceId));
    }

    public DeviceView rename(String userId, String deviceId, String name) {
        StoredDevice device = require(userId, deviceId);
        devices.rename(device.objectId(), name);
        return view(device.withName(name));
    }

    /**
     * A Pi paired by code proves its key pair to collect keys, so its key is only revoked: the Pi gets 401, asks the
     * cloud, and receives a fresh key that never passes through the browser. A legacy device gets the new key here.
     */
    public Optional<String> rotateKey(String userId, String deviceId) {
        StoredDevice device = require(userId, deviceId);
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
        StoredDevice device = require(userId, deviceId);
        if (purgeReadings) {
            devices.markForPurge(device, Instant.now());
            purgeJob.runSoon();
        } else {
            devices.delete(device.objectId());
        }
    }

    private StoredDevice require(String userId, String deviceId) {
        return devices.findOwned(userId, deviceId).orElseThrow(() -> ApiException.notFound("no such device"));
    }

    private DeviceView view(StoredDevice device) {
        return DeviceView.of(device, timeout.statusOf(device.lastSeen()));
    }
}
