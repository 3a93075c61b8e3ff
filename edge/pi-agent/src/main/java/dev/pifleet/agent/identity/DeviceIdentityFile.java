package dev.pifleet.agent.identity;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.device.DeviceIds;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code device_identity.json}: the ID is computed once and read from the file ever after, so a new network
 * card, a changed interface order or a moved SD card does not give the Pi a new identity.
 */
public final class DeviceIdentityFile {

    public static final String FILE_NAME = "device_identity.json";
    private static final Pattern DEVICE_ID = Pattern.compile(DeviceIds.PATTERN);

    /** Unknown fields are ignored and {@code device_id} is accepted, so a file written by the seed agent is kept. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stored(@JsonAlias("device_id") String deviceId, Instant createdAt) {
    }

    private DeviceIdentityFile() {
    }

    public static String loadOrCreate(Path stateDir, Supplier<String> compute) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                Stored stored = AgentJson.MAPPER.readValue(file.toFile(), Stored.class);
                if (stored.deviceId() == null || !DEVICE_ID.matcher(stored.deviceId()).matches()) {
                    throw new IllegalStateException(file + " holds no valid deviceId; fix or delete it");
                }
                return stored.deviceId();
            }
            Files.createDirectories(stateDir);
            String deviceId = compute.get();
            Path temp = Files.createTempFile(stateDir, FILE_NAME, ".tmp");
            AgentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), new Stored(deviceId, Instant.now()));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            return deviceId;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
