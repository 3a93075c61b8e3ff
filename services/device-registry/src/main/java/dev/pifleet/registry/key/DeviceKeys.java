package dev.pifleet.registry.key;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.registry.RegistryMetrics;
import dev.pifleet.registry.device.DeviceStore;
import dev.pifleet.registry.device.StoredDevice;
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

    /** Replaces the device's key: the old one stops working at once. */
    public String rotate(StoredDevice device) {
        IssuedKey key = fresh();
        devices.replaceKeyHash(device.objectId(), key.hash());
        metrics.keyRotated();
        return key.apiKey();
    }

    /** A new key and its hash; the key itself never appears in logs or toString(). */
    public record IssuedKey(String apiKey, String hash) {
        @Override
        public String toString() {
            return "IssuedKey[apiKey=<redacted>]";
        }
    }
}
