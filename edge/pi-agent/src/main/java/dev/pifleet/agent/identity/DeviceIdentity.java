package dev.pifleet.agent.identity;

import dev.pifleet.agent.AgentConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/** This Pi's device ID, settled at start-up. */
@Startup
@Singleton
public class DeviceIdentity {

    private final String deviceId;

    DeviceIdentity(AgentConfig config) {
        this.deviceId = DeviceIdentityFile.loadOrCreate(config.stateDir(), SeedDeviceIdentity::ofThisMachine);
    }

    public String deviceId() {
        return deviceId;
    }
}
