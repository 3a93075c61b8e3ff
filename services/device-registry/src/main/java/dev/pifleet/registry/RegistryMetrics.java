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
    private final Counter claimCodesIssued;
    private final Counter devicesClaimedByCode;
    private final Counter devicesTakenOver;
    private final Counter claimCodesThrottled;
    private final Counter agentRequestsThrottled;
    private final Counter agentKeysCollected;
    private final Counter agentSignaturesFailed;
    private final Counter agentRequestsReplayed;

    RegistryMetrics(MeterRegistry registry) {
        this.devicesRegistered = Counter.builder("pifleet.devices.registered")
                .description("New devices claimed by a user").register(registry);
        this.keysRotated = Counter.builder("pifleet.device.keys.rotated")
                .description("Device API keys replaced by a new one (re-register or rotate-key)").register(registry);
        this.claimsRefused = Counter.builder("pifleet.device.claims.refused")
                .description("Registrations refused because another user owns the device").register(registry);
        this.claimCodesIssued = Counter.builder("pifleet.claim.codes.issued")
                .description("Claim codes issued to agents (first codes and renewals)").register(registry);
        this.devicesClaimedByCode = Counter.builder("pifleet.devices.claimed.by.code")
                .description("Devices claimed (or re-bound) by a user entering the code the Pi shows").register(registry);
        this.devicesTakenOver = Counter.builder("pifleet.devices.taken.over")
                .description("Earlier claims removed because someone with the Pi's code claimed it").register(registry);
        this.claimCodesThrottled = Counter.builder("pifleet.claim.codes.throttled")
                .description("Claim attempts refused after too many wrong codes").register(registry);
        this.agentRequestsThrottled = Counter.builder("pifleet.agent.requests.throttled")
                .description("Agent pairing calls refused by the per-agent-key or the failed-call per-address limit")
                .register(registry);
        this.agentSignaturesFailed = Counter.builder("pifleet.agent.signatures.failed")
                .description("Agent pairing calls whose signature or timestamp did not verify").register(registry);
        this.agentRequestsReplayed = Counter.builder("pifleet.agent.requests.replayed")
                .description("Agent pairing calls refused because the same signed request was accepted before")
                .register(registry);
        this.agentKeysCollected = Counter.builder("pifleet.agent.keys.collected")
                .description("API keys handed to an agent that proved its key pair").register(registry);
    }

    public void claimCodeIssued() {
        claimCodesIssued.increment();
    }

    public void deviceClaimedByCode() {
        devicesClaimedByCode.increment();
    }

    public void deviceTakenOver() {
        devicesTakenOver.increment();
    }

    public void claimCodeThrottled() {
        claimCodesThrottled.increment();
    }

    public void agentRequestThrottled() {
        agentRequestsThrottled.increment();
    }

    public void agentKeyCollected() {
        agentKeysCollected.increment();
    }

    public void agentSignatureFailed() {
        agentSignaturesFailed.increment();
    }

    public void agentRequestReplayed() {
        agentRequestsReplayed.increment();
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
