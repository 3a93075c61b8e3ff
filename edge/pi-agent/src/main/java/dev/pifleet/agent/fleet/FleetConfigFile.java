package dev.pifleet.agent.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.agent.pairing.OwnerOnlyFile;
import dev.pifleet.device.fleet.ConfigReport;
import dev.pifleet.device.fleet.DesiredConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code fleet-config.json} in the state folder: the cloud's document the agent last applied, and its report on the
 * latest document it was given (applied, or refused with the reason). Written whole, owner-only, synced and renamed
 * ({@link OwnerOnlyFile}), so a power cut leaves the old file or the new one.
 */
public final class FleetConfigFile {

    public static final String FILE_NAME = "fleet-config.json";

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stored(DesiredConfig applied, ConfigReport report) {
    }

    private final Path file;

    public FleetConfigFile(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    public Optional<Stored> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgentJson.MAPPER.readValue(file.toFile(), Stored.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (delete it to start again from agent.properties)", e);
        }
    }

    public void save(Stored stored) {
        OwnerOnlyFile.writeJson(file, stored);
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
