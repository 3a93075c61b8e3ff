package dev.pifleet.agent.pairing;

import dev.pifleet.agent.identity.DeviceIdentity;
import dev.pifleet.agent.sender.CloudReply;
import dev.pifleet.agent.sender.Heartbeat;
import dev.pifleet.agent.sender.UploadLoop;
import dev.pifleet.device.ApiKeys;
import dev.pifleet.service.ApiException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Takes a device key from the local API. It is stored only after one heartbeat with it succeeds and names this
 * device: anyone on the LAN can call this endpoint, and must not be able to point the Pi at their own account.
 */
@Singleton
public class PairingService {

    private static final Logger LOG = Logger.getLogger(PairingService.class);

    private final DeviceIdentity identity;
    private final CredentialsStore credentials;
    private final Heartbeat heartbeat;
    private final UploadLoop uploadLoop;

    PairingService(DeviceIdentity identity, CredentialsStore credentials, Heartbeat heartbeat, UploadLoop uploadLoop) {
        this.identity = identity;
        this.credentials = credentials;
        this.heartbeat = heartbeat;
        this.uploadLoop = uploadLoop;
    }

    public void register(RegisterRequest request) {
        if (!ApiKeys.isWellFormed(request.apiKey())) {
            throw ApiException.badRequest("apiKey", "not a device API key");
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
        credentials.save(new Credentials(request.apiKey(), request.deviceName(), Instant.now()));
        // The checking heartbeat already marked the device online; it counts as the first one.
        heartbeat.record(reply.summary());
        LOG.infof("paired as \"%s\"", request.deviceName());
        uploadLoop.wake();
    }

    private static ApiException keyRejected(String message) {
        return new ApiException(502, "key_rejected", message);
    }
}
