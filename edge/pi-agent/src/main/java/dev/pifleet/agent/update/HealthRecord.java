package dev.pifleet.agent.update;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.agent.pairing.OwnerOnlyFile;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code update-health.json} in the agent's state folder: the version that last had a heartbeat answered 200, and
 * when. The agent writes it after each successful heartbeat; the root updater reads it ({@link Updater.Health}) to
 * decide whether a new version is healthy.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthRecord(String version, Instant heartbeatAt) {

    public static final String FILE_NAME = "update-health.json";

    public static void write(Path stateDir, String version, Instant at) {
        OwnerOnlyFile.writeJson(stateDir.resolve(FILE_NAME), new HealthRecord(version, at));
    }

    /** The record, if there is a readable one; a missing or half-written file is no record. */
    public static Optional<HealthRecord> read(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            // Root reads it from the agent's folder: a link there is not followed.
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 4096) {
                return Optional.empty();
            }
            return Optional.of(AgentJson.MAPPER.readValue(file.toFile(), HealthRecord.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The updater's view: the time of the latest successful heartbeat as {@code version}. */
    public static Updater.Health of(Path stateDir) {
        return version -> read(stateDir).filter(record -> version.equals(record.version()))
                .map(HealthRecord::heartbeatAt);
    }
}
