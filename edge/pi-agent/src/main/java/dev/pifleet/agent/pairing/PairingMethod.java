package dev.pifleet.agent.pairing;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** How the stored key was obtained. */
@RegisterForReflection
public enum PairingMethod {
    /** The agent collected it from the registry after a user claimed its code (proof of possession of the agent key). */
    @JsonProperty("code")
    CODE,
    /** The LAN flow ({@code POST /device-register}): anyone holding the deviceId's key could have sent it. */
    @JsonProperty("legacy")
    LEGACY
}
