package dev.pifleet.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** The registry's business counters, exported at /q/metrics. */
@ApplicationScoped
public class RegistryMetrics {

    private final Counter devicesRegistered;
    private final Counter keysRotated;
    private final Counter claimsRefused;

    RegistryMetrics(MeterRegistry registry) {
        this.devicesRegistered = Counter.builder("pifleet.devices.registered")
                .description("New devices claimed by a user").register(registry);
        this.keysRotated = Counter.builder("pifleet.device.keys.rotated")
                .description("Device API keys replaced by a new one (re-register or rotate-key)").register(registry);
        this.claimsRefused = Counter.builder("pifleet.device.claims.refused")
                .description("Registrations refused because another user owns the device").register(registry);
    }

    public void deviceRegistered() {
        devicesRegistered.increment();
    }

    public void keyRotated() {
        keysRotated.increment();
    }

    public void claimRefused() {
        claimsRefused.increment();
    }
}
