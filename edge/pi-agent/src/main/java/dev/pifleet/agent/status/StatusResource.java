package dev.pifleet.agent.status;

import dev.pifleet.agent.AgentConfig;
import dev.pifleet.agent.identity.DeviceIdentity;
import dev.pifleet.agent.pairing.ClaimLoop;
import dev.pifleet.agent.pairing.Credentials;
import dev.pifleet.agent.pairing.CredentialsStore;
import dev.pifleet.agent.pairing.PairingMethod;
import dev.pifleet.agent.sender.Attempt;
import dev.pifleet.agent.sender.Heartbeat;
import dev.pifleet.agent.sender.ReadingBuffer;
import dev.pifleet.agent.sender.Uploader;
import dev.pifleet.agent.sensors.SensorSampler;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** {@code GET /status}: what the agent is doing, for the person standing next to the Pi. Never shows the key. */
@Path("/status")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class StatusResource {

    public record StatusAnswer(boolean success, String deviceId, boolean registered, String deviceName,
            boolean rePairingNeeded, String cloudUrl, Pairing pairing, Attempt lastHeartbeat, Upload upload,
            Buffer buffer, List<SensorSampler.SensorState> sensors) {
    }

    /**
     * {@code mode}: {@code paired} (by claim code, key working) or {@code claiming}; {@code method}: how the stored key
     * was obtained ({@code code}, {@code legacy}, null without one).
     */
    public record Pairing(String mode, PairingMethod method, String code, Instant expiresAt, String pairUrl,
            String registryUrl, Attempt lastCall) {
    }

    public record Upload(Attempt lastAttempt, Instant lastSuccessAt) {
    }

    public record Buffer(long buffered, int maxReadings, long droppedWhenFull, long rejectedAsInvalid) {
    }

    private final AgentConfig config;
    private final DeviceIdentity identity;
    private final CredentialsStore credentials;
    private final Heartbeat heartbeat;
    private final Uploader uploader;
    private final ReadingBuffer buffer;
    private final SensorSampler sampler;
    private final ClaimLoop claims;

    StatusResource(AgentConfig config, DeviceIdentity identity, CredentialsStore credentials, Heartbeat heartbeat,
            Uploader uploader, ReadingBuffer buffer, SensorSampler sampler, ClaimLoop claims) {
        this.claims = claims;
        this.config = config;
        this.identity = identity;
        this.credentials = credentials;
        this.heartbeat = heartbeat;
        this.uploader = uploader;
        this.buffer = buffer;
        this.sampler = sampler;
    }

    @GET
    public StatusAnswer status() {
        var current = credentials.current();
        var code = claims.shownCode();
        Pairing pairing = new Pairing(credentials.pairedByCode() ? "paired" : "claiming",
                current.map(Credentials::method).orElse(null), code.map(ClaimLoop.ShownCode::code).orElse(null),
                code.map(ClaimLoop.ShownCode::expiresAt).orElse(null), code.map(ClaimLoop.ShownCode::pairUrl).orElse(null),
                config.registryUrl().toString(), claims.lastCall().orElse(null));
        return new StatusAnswer(true, identity.deviceId(), current.isPresent(),
                current.map(Credentials::deviceName).orElse(null), credentials.rePairingNeeded(),
                config.cloudUrl().toString(), pairing, heartbeat.last().orElse(null),
                new Upload(uploader.lastAttempt().orElse(null), uploader.lastSuccessAt().orElse(null)),
                new Buffer(buffer.size(), buffer.maxReadings(), buffer.droppedWhenFull(), buffer.rejected()),
                sampler.states());
    }
}
