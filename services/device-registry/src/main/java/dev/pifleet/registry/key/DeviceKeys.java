package dev.pifleet.registry.key;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.registry.RegistryMetrics;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/** Issues device API keys. A key is returned once, to the caller; Parse only ever holds its hash. */
@ApplicationScoped
public class DeviceKeys {

    private final DeviceStore devices;
    private final RegistryMetrics metrics;

    DeviceKeys(DeviceStore devices, RegistryMetrics metrics) {
        this.devices = devices;
        this.metrics = metrics;
    }

    /** A fresh key for a device that has none yet; the caller stores {@link IssuedKey#hash()}. */
    public static IssuedKey fresh() {
        String key = ApiKeys.generate();
        return new IssuedKey(key, ApiKeys.hash(key));
    }

    /**
     * Replaces the device's key: the old one stops working at once.
     *
     * @throws ApiException 409 when a concurrent change of the same key came first: only one caller ever holds a
     *         key that works, so no one is handed a key that is already dead
     */
    public String rotate(StoredDevice device) {
        IssuedKey key = fresh();
        requireWon(devices.changeKey(device, key.hash()));
        metrics.keyRotated();
        return key.apiKey();
    }

    /** Takes the device's key away; the device gets 401 until it has a new one. 409 as for {@link #rotate}. */
    public void revoke(StoredDevice device) {
        requireWon(devices.changeKey(device, null));
        metrics.keyRotated();
    }

    private static void requireWon(boolean won) {
        if (!won) {
            throw ApiException.conflict("key_changed_concurrently",
                    "the device's key was changed by another request at the same time; try again");
        }
    }

    /** A new key and its hash; the key itself never appears in logs or toString(). */
    public record IssuedKey(String apiKey, String hash) {
        @Override
        public String toString() {
            return "IssuedKey[apiKey=<redacted>]";
        }
    }
}
