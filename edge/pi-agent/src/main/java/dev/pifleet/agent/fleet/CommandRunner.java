package dev.pifleet.agent.fleet;

import dev.pifleet.agent.pairing.ClaimLoop;
import dev.pifleet.agent.pairing.PairingService;
import dev.pifleet.agent.cloud.CloudReply;
import dev.pifleet.agent.sender.Uploader;
import dev.pifleet.agent.sensors.SensorSampler;
import dev.pifleet.agent.sensors.SensorSampler.LiveReading;
import dev.pifleet.device.fleet.CommandName;
import dev.pifleet.device.fleet.CommandResult;
import dev.pifleet.device.fleet.DeviceCommand;
import dev.pifleet.device.pairing.PairingAnswers.CredentialsAnswer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each command does on this Pi. {@link #run} returns the outcome to report, or empty when the result is reported
 * later: restart-agent's by the next start ({@link CommandJournal#recoverAfterRestart}).
 */
@Singleton
public class CommandRunner {

    /** upload-now stops after this long with readings left, rather than hold the command channel. */
    static final Duration FLUSH_LIMIT = Duration.ofSeconds(60);

    private final Uploader uploader;
    private final SensorSampler sampler;
    private final ClaimLoop claims;
    private final PairingService pairing;
    private final AgentRestart restart;

    CommandRunner(Uploader uploader, SensorSampler sampler, ClaimLoop claims, PairingService pairing, AgentRestart restart) {
        this.uploader = uploader;
        this.sampler = sampler;
        this.claims = claims;
        this.pairing = pairing;
        this.restart = restart;
    }

    public Optional<CommandResult> run(DeviceCommand command) {
        Optional<CommandName> name = CommandName.fromWire(command.name());
        if (name.isEmpty()) {
            return Optional.of(failed(null, "this agent does not know the command " + command.name()));
        }
        return switch (name.get()) {
            case UPLOAD_NOW -> Optional.of(uploadNow());
            case READ_SENSORS -> Optional.of(readSensors());
            case ROTATE_KEY -> Optional.of(rotateKey());
            case UNPAIR -> Optional.of(new CommandResult(CommandJournal.SUCCEEDED,
                    Map.of("unpairedAt", Instant.now().toString()), null));
            case RESTART_AGENT -> {
                restart.restart();
                yield Optional.empty();
            }
        };
    }

    private CommandResult uploadNow() {
        Uploader.Flush flush = uploader.flush(Instant.now().plus(FLUSH_LIMIT));
        Map<String, Object> result = Map.of("uploaded", flush.uploaded(), "backlog", flush.backlog());
        return flush.error().map(error -> failed(result, error))
                .orElseGet(() -> new CommandResult(CommandJournal.SUCCEEDED, result, null));
    }

    /** Every enabled sensor, now: {@code values} merged (what the UI shows), and each sensor's own values or error. */
    private CommandResult readSensors() {
        List<LiveReading> readings = sampler.readEnabledNow();
        Map<String, Object> values = new TreeMap<>();
        List<Map<String, Object>> sensors = new ArrayList<>();
        for (LiveReading reading : readings) {
            Map<String, Object> sensor = new LinkedHashMap<>();
            sensor.put("name", reading.name());
            sensor.put("values", reading.values());
            sensor.put("error", reading.error());
            sensor.put("readAt", reading.readAt().toString());
            sensors.add(sensor);
            if (reading.error() == null) {
                values.putAll(reading.values());
            }
        }
        Map<String, Object> result = Map.of("values", values, "sensors", sensors, "readAt", Instant.now().toString());
        return values.isEmpty() ? failed(result, readings.isEmpty() ? "no sensor is enabled" : "no sensor could be read")
                : new CommandResult(CommandJournal.SUCCEEDED, result, null);
    }

    private CommandResult rotateKey() {
        CloudReply reply;
        try {
            reply = claims.collectKey();
        } catch (IOException e) {
            return failed(null, "the registry could not be reached: " + e.getClass().getSimpleName());
        }
        if (!reply.ok()) {
            return failed(null, "the registry refused the rotation: " + reply.summary());
        }
        Optional<CredentialsAnswer> answer = reply.as(CredentialsAnswer.class);
        if (answer.isEmpty() || !pairing.keyRotated(answer.get())) {
            return failed(null, "the registry's answer held no usable key; the old key stays");
        }
        return new CommandResult(CommandJournal.SUCCEEDED, Map.of("rotatedAt", Instant.now().toString()), null);
    }

    private static CommandResult failed(Map<String, Object> result, String error) {
        return new CommandResult(CommandJournal.FAILED, result, error.length() <= 500 ? error : error.substring(0, 500));
    }
}
