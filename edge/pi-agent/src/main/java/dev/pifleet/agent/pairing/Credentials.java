package dev.pifleet.agent.pairing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * The device key, the name the user gave the Pi and how the key was obtained (files written before pairing by code
 * have no {@code method} and read as {@code legacy}). {@link #toString()} never shows the key.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Credentials(String apiKey, String deviceName, Instant pairedAt, PairingMethod method) {

    public Credentials {
        method = method == null ? PairingMethod.LEGACY : method;
    }

    @Override
    public String toString() {
        return "Credentials[apiKey=<redacted>, deviceName=" + deviceName + ", pairedAt=" + pairedAt
                + ", method=" + method + "]";
    }
}
