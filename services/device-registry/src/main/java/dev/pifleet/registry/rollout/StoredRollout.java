package dev.pifleet.registry.rollout;

import dev.pifleet.device.release.UpdateOffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A {@code Rollout} row. {@code wave} is the last wave started (its devices and every earlier wave's were offered the
 * release); {@code acceptedFailures} the failures the owner accepted by resuming, which no longer count against
 * {@code maxFailures}. {@code devices}: each target's Parse objectId → its deviceId and wave.
 */
public record StoredRollout(String id, String ownerId, String version, String url, String sha256, long size,
        String signature, boolean allowDowngrade, List<Integer> waves, int maxFailures, RolloutState state, int wave,
        String reason, int acceptedFailures, Map<String, Target> devices, Instant createdAt) {

    public record Target(String deviceId, int wave) {
    }

    UpdateOffer offer() {
        return new UpdateOffer(id, version, url, sha256, size, signature, allowDowngrade);
    }

    boolean lastWave(int index) {
        return index == waves.size() - 1;
    }
}
