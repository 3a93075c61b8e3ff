package dev.pifleet.agent.cloud;

import dev.pifleet.agent.identity.DeviceIdentityFile;
import dev.pifleet.agent.identity.SeedDeviceIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;

/** A state folder for a Pi the cloud has never seen: a new seed-style device ID in its device_identity.json. */
final class NewPi {

    private NewPi() {
    }

    /** Creates the folder and the identity file; returns the device ID. */
    static String stateDir(Path stateDir) {
        long node = new SecureRandom().nextLong() >>> 16;
        String deviceId = SeedDeviceIdentity.deviceId(node, "Linux", "aarch64");
        try {
            Files.createDirectories(stateDir);
            Files.writeString(stateDir.resolve(DeviceIdentityFile.FILE_NAME),
                    "{\"deviceId\":\"" + deviceId + "\",\"createdAt\":\"" + Instant.now() + "\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deviceId;
    }
}
