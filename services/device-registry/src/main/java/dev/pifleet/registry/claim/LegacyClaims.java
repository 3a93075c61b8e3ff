package dev.pifleet.registry.claim;

import dev.pifleet.parse.ParseException;
import dev.pifleet.registry.RegistryMetrics;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.registry.key.DeviceKeys;
import dev.pifleet.registry.pairing.PairingConfig;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The seed's pairing by deviceId alone ({@code POST /api/device/register}), for local setups and the seed's scripts;
 * off in production. Unlike the seed, the key of an existing device is never handed out: its owner gets a new one
 * (a re-flashed Pi re-pairs this way), anyone else is refused. A deviceId is not a secret, so such a claim proves
 * nothing: a later claim by the code the Pi shows overturns it ({@link CodeClaims}).
 */
@ApplicationScoped
public class LegacyClaims {

    /** A create can lose to a concurrent claim and then find the winner deleted again; that repeats rarely. */
    private static final int MAX_ATTEMPTS = 3;

    private final DeviceStore devices;
    private final DeviceKeys keys;
    private final DeviceQuota quota;
    private final RegistryMetrics metrics;
    private final PairingConfig config;

    LegacyClaims(DeviceStore devices, DeviceKeys keys, DeviceQuota quota, RegistryMetrics metrics, PairingConfig config) {
        this.devices = devices;
        this.keys = keys;
        this.quota = quota;
        this.metrics = metrics;
        this.config = config;
    }

    public record Claim(boolean created, String deviceId, String apiKey) {
        @Override
        public String toString() {
            return "Claim[created=" + created + ", deviceId=" + deviceId + ", apiKey=<redacted>]";
        }
    }

    /**
     * Claims the device for the user, or re-keys it if the user already owns it by this flow. The deviceId stays
     * globally unique here: a legacy claim succeeds only while no other account has a row for it, and Parse's unique
     * index on {@code legacyDeviceId} (not a read-then-write check) decides between concurrent claims.
     */
    public Claim claim(String userId, String deviceId, String deviceName) {
        if (!config.legacyEnabled()) {
            throw new ApiException(403, "legacy_pairing_disabled",
                    "pairing by deviceId is turned off on this server: enter the claim code the Pi shows instead");
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<StoredDevice> existing = devices.findAllByDeviceId(deviceId);
            Optional<StoredDevice> own = existing.stream().filter(device -> device.isOwnedBy(userId)).findFirst();
            if (own.isPresent()) {
                return rekeyOwnDevice(own.get(), deviceName);
            }
            if (!existing.isEmpty()) {
                metrics.claimRefused();
                throw ApiException.conflict("device_already_claimed", "this device belongs to another account");
            }
            quota.requireRoomFor(userId);
            DeviceKeys.IssuedKey key = DeviceKeys.fresh();
            try {
                devices.createLegacy(deviceId, deviceName == null ? defaultName(deviceId) : deviceName, userId, key.hash());
                metrics.deviceRegistered();
                return new Claim(true, deviceId, key.apiKey());
            } catch (ParseException.DuplicateValueException lostRace) {
                // Another claim created it first: the next attempt reads the winner.
            }
        }
        throw ApiException.conflict("device_already_claimed", "the device is being claimed by someone else; try again");
    }

    private Claim rekeyOwnDevice(StoredDevice device, String deviceName) {
        if (device.pairedByCode()) {
            throw ApiException.conflict("paired_by_code", "this device was paired by its claim code: rotate its key "
                    + "on the device page, or unpair it and pair it again by code");
        }
        if (deviceName != null && !deviceName.equals(device.name())) {
            devices.rename(device.objectId(), deviceName);
        }
        return new Claim(false, device.deviceId(), keys.rotate(device));
    }

    /** A device registered without a name is listed under its id (names are at most 64 characters). */
    static String defaultName(String deviceId) {
        return deviceId.length() <= 64 ? deviceId : deviceId.substring(0, 64);
    }
}
