package dev.pifleet.device.release;

/**
 * What the cloud offers a device: install this signed release. It travels in the device's desired document (the
 * long-poll's and the heartbeat fallback's {@code config}), so a Pi that was offline gets it when it asks again.
 * {@code allowDowngrade} is true only when the owner asked for a downgrade: the Pi refuses an older version otherwise.
 */
public record UpdateOffer(String rolloutId, String version, String url, String sha256, long size, String signature,
        boolean allowDowngrade) {
}
