package dev.pifleet.agent.pairing;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** The device key and the name the user gave the Pi. {@link #toString()} never shows the key. */
@RegisterForReflection
public record Credentials(String apiKey, String deviceName, Instant pairedAt) {

    @Override
    public String toString() {
        return "Credentials[apiKey=<redacted>, deviceName=" + deviceName + ", pairedAt=" + pairedAt + "]";
    }
}
