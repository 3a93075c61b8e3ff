package dev.pifleet.agent.pairing;

import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.identity.DeviceIdentity;
import dev.pifleet.agent.cloud.CloudReply;
import dev.pifleet.agent.sender.Heartbeat;
import dev.pifleet.agent.sender.UploadLoop;
import dev.pifleet.device.ApiKeys;
import dev.pifleet.device.pairing.PairingAnswers.CredentialsAnswer;
import dev.pifleet.service.ApiException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Stores a device key, from either way of pairing: the key collected from the registry after a user claimed this
 * agent's code, or the LAN flow's {@code POST /device-register}. A LAN key is stored only after one heartbeat with it
 * succeeds and names this device: anyone on the LAN can call that endpoint, and must not be able to point the Pi at
 * their own account. Each LAN call costs a heartbeat, so they are rate-limited; and a Pi paired by code refuses them
 * (a LAN call has no proof of possession and must not take over a device claimed by code).
 */
@Singleton
public class PairingService {

    private static final Logger LOG = Logger.getLogger(PairingService.class);
    static final int LEGACY_CALLS_PER_MINUTE = 5;

    private final DeviceIdentity identity;
    private final CredentialsStore credentials;
    private final Heartbeat heartbeat;
    private final UploadLoop uploadLoop;
    private final SlidingWindowLimiter legacyLimiter = new SlidingWindowLimiter(LEGACY_CALLS_PER_MINUTE, Duration.ofMinutes(1));

    PairingService(DeviceIdentity identity, CredentialsStore credentials, Heartbeat heartbeat, UploadLoop uploadLoop) {
        this.identity = identity;
        this.credentials = credentials;
        this.heartbeat = heartbeat;
        this.uploadLoop = uploadLoop;
    }

    /** The LAN flow. */
    public void register(RegisterRequest request) {
        if (!ApiKeys.isWellFormed(request.apiKey())) {
            throw ApiException.badRequest("apiKey", "not a device API key");
        }
        if (credentials.pairedByCode()) {
            throw ApiException.conflict("paired_by_code",
                    "this Pi was paired with a claim code; unpair it in the cloud first to pair it another way");
        }
        Optional<Duration> wait = legacyLimiter.tryAcquire(Instant.now());
        if (wait.isPresent()) {
            throw ApiException.tooManyRequests("at most " + LEGACY_CALLS_PER_MINUTE
                    + " pairing attempts per minute; try again later", wait.get());
        }
        CloudReply reply;
        try {
            reply = heartbeat.call(request.apiKey());
        } catch (IOException e) {
            throw new ApiException(502, "cloud_unreachable", "the cloud could not be reached to check the key; try again");
        }
        if (reply.keyRefused()) {
            throw keyRejected("the cloud refused this key");
        }
        if (!reply.ok()) {
            throw new ApiException(502, "cloud_unavailable", "the cloud could not check the key (" + reply.summary() + "); try again");
        }
        if (!identity.deviceId().equals(reply.body().path("deviceId").asText(""))) {
            LOG.warn("refused a key that belongs to another device");
            throw keyRejected("this key belongs to another device");
        }
        credentials.savePairing(new Credentials(request.apiKey(), request.deviceName(), Instant.now(), PairingMethod.LEGACY));
        // The checking heartbeat already marked the device online; it counts as the first one.
        heartbeat.record(reply);
        LOG.infof("paired as \"%s\" (by the LAN flow; a claim code can still take this Pi over)", request.deviceName());
        uploadLoop.wake();
    }

    /**
     * The registry handed this agent its key after a user claimed the code: stored. False when the answer is not
     * usable (no key, or for another device). The caller stops showing the code, then calls {@link #reportIn()}.
     */
    public boolean pairedByCode(CredentialsAnswer answer) {
        if (!ApiKeys.isWellFormed(answer.apiKey()) || !identity.deviceId().equals(answer.deviceId())) {
            LOG.warn("the registry's pairing answer has no usable key for this device; asking again");
            return false;
        }
        String name = answer.deviceName() == null ? identity.deviceId() : answer.deviceName();
        credentials.savePairing(new Credentials(answer.apiKey(), name, Instant.now(), PairingMethod.CODE));
        LOG.infof("paired by claim code as \"%s\"", name);
        uploadLoop.wake();
        return true;
    }

    /** rotate-key: the registry's fresh key for this device, stored in place of the old one. False when unusable. */
    public boolean keyRotated(CredentialsAnswer answer) {
        if (!answer.paired() || !ApiKeys.isWellFormed(answer.apiKey()) || !identity.deviceId().equals(answer.deviceId())) {
            LOG.warn("the registry's answer to a key rotation has no usable key for this device; the old key stays");
            return false;
        }
        String name = answer.deviceName() != null ? answer.deviceName()
                : credentials.current().map(Credentials::deviceName).orElse(identity.deviceId());
        credentials.save(new Credentials(answer.apiKey(), name, Instant.now(), PairingMethod.CODE));
        LOG.info("the device key was rotated; the old key no longer works");
        uploadLoop.wake();
        return true;
    }

    /** One heartbeat at once after pairing, so the dashboard shows the Pi online without waiting for the next one. */
    public void reportIn() {
        heartbeat.beat();
    }

    private static ApiException keyRejected(String message) {
        return new ApiException(400, "key_rejected", message);
    }
}
