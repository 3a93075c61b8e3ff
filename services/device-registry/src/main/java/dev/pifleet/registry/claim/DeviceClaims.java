package dev.pifleet.registry.claim;

import dev.pifleet.parse.ParseException;
import dev.pifleet.registry.RegistryMetrics;
import dev.pifleet.registry.device.DeviceStore;
import dev.pifleet.registry.device.StoredDevice;
import dev.pifleet.registry.key.DeviceKeys;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Pairs a device with a user. Unlike the seed, the key of an existing device is never handed out:
 * its owner gets a new one (a re-flashed Pi re-pairs this way), anyone else is refused.
 */
@ApplicationScoped
public class DeviceClaims {

    /** A create can lose to a concurrent claim and then find the winner deleted again; that repeats rarely. */
    private static final int MAX_ATTEMPTS = 3;

    private final DeviceStore devices;
    private final DeviceKeys keys;
    private final RegistryMetrics metrics;

    DeviceClaims(DeviceStore devices, DeviceKeys keys, RegistryMetrics metrics) {
        this.devices = devices;
        this.keys = keys;
        this.metrics = metrics;
    }

    public record Claim(boolean created, String deviceId, String apiKey) {
        @Override
        public String toString() {
            return "Claim[created=" + created + ", deviceId=" + deviceId + ", apiKey=<redacted>]";
        }
    }

    /**
     * Claims the device for the user, or re-keys it if the user already owns it.
     * Who owns a new device is decided by Parse's unique index on deviceId, never by a
     * read-then-write check: of two concurrent creates exactly one succeeds.
     */
    public Claim claim(String userId, String deviceId, String deviceName) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<StoredDevice> existing = devices.findByDeviceId(deviceId);
            if (existing.isPresent()) {
                return rekeyOwnDevice(userId, existing.get(), deviceName);
            }
            DeviceKeys.IssuedKey key = DeviceKeys.fresh();
            try {
                devices.create(deviceId, deviceName == null ? defaultName(deviceId) : deviceName, userId, key.hash());
                metrics.deviceRegistered();
                return new Claim(true, deviceId, key.apiKey());
            } catch (ParseException.DuplicateValueException lostRace) {
                // Another claim created it first: the next attempt reads the winner.
            }
        }
        throw ApiException.conflict("device_already_claimed", "the device is being claimed by someone else; try again");
    }

    private Claim rekeyOwnDevice(String userId, StoredDevice device, String deviceName) {
        if (!device.isOwnedBy(userId)) {
            metrics.claimRefused();
            throw ApiException.conflict("device_already_claimed", "this device belongs to another account");
        }
        if (deviceName != null && !deviceName.equals(device.name())) {
            devices.rename(device.objectId(), deviceName);
        }
        return new Claim(false, device.deviceId(), keys.rotate(device));
    }

    /** A device registered without a name is listed under its id (names are at most 64 characters). */
    private static String defaultName(String deviceId) {
        return deviceId.length() <= 64 ? deviceId : deviceId.substring(0, 64);
    }
}
