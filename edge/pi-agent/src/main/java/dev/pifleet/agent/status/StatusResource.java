package dev.pifleet.agent.status;

import dev.pifleet.agent.AgentConfig;
import dev.pifleet.agent.fleet.CommandChannel;
import dev.pifleet.agent.fleet.CommandJournal;
import dev.pifleet.agent.fleet.EffectiveSettings;
import dev.pifleet.agent.fleet.EffectiveSettings.Setting;
import dev.pifleet.agent.fleet.FleetConfig;
import dev.pifleet.agent.identity.DeviceIdentity;
import dev.pifleet.agent.pairing.ClaimLoop;
import dev.pifleet.agent.pairing.Credentials;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.pairing.PairingMethod;
import dev.pifleet.agent.cloud.Attempt;
import dev.pifleet.agent.sender.Heartbeat;
import dev.pifleet.agent.sender.ReadingBuffer;
import dev.pifleet.agent.sender.Uploader;
import dev.pifleet.agent.sensors.SensorSampler;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import dev.pifleet.device.fleet.ConfigReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code GET /status}: what the agent is doing, for the person standing next to the Pi. Never shows the key. */
@Path("/status")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class StatusResource {

    public record StatusAnswer(boolean success, String deviceId, boolean registered, String deviceName,
            boolean rePairingNeeded, String cloudUrl, Pairing pairing, Attempt lastHeartbeat, Upload upload,
            Buffer buffer, List<SensorSampler.SensorState> sensors, Fleet fleet) {
    }

    /**
     * Fleet control: each setting in force with its source ({@code local}: agent.properties, {@code cloud}: the
     * applied desired document), the applied version, what happened to the latest document ({@code report}: appliedAt,
     * or the error it was refused with), the command channel's last poll, and the newest commands from the journal.
     */
    public record Fleet(FleetSettings settings, long appliedVersion, ConfigReport report, Attempt lastPoll,
            List<CommandJournal.Entry> recentCommands) {
    }

    public record FleetSettings(Setting<Long> readingIntervalSeconds, Setting<Long> heartbeatIntervalSeconds,
            Setting<List<String>> sensors, Setting<Integer> uploadBatchSize) {
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

    private static final int RECENT_COMMANDS = 10;

    private final AgentConfig config;
    private final DeviceIdentity identity;
    private final CredentialsStore credentials;
    private final Heartbeat heartbeat;
    private final Uploader uploader;
    private final ReadingBuffer buffer;
    private final SensorSampler sampler;
    private final ClaimLoop claims;
    private final FleetConfig fleet;
    private final CommandChannel commands;

    StatusResource(AgentConfig config, DeviceIdentity identity, CredentialsStore credentials, Heartbeat heartbeat,
            Uploader uploader, ReadingBuffer buffer, SensorSampler sampler, ClaimLoop claims, FleetConfig fleet,
            CommandChannel commands) {
        this.claims = claims;
        this.fleet = fleet;
        this.commands = commands;
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
                sampler.states(), fleet());
    }

    private Fleet fleet() {
        EffectiveSettings settings = fleet.effective();
        return new Fleet(new FleetSettings(seconds(settings.readingInterval()), seconds(settings.heartbeatInterval()),
                settings.sensors(), settings.uploadBatchSize()), fleet.applied().version(), fleet.report().orElse(null),
                commands.lastPoll().orElse(null), commands.journal().recent(RECENT_COMMANDS));
    }

    private static Setting<Long> seconds(Setting<Duration> interval) {
        return new Setting<>(interval.value().toSeconds(), interval.source());
    }
}
