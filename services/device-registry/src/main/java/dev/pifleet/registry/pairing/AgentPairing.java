package dev.pifleet.registry.pairing;

import dev.pifleet.device.pairing.AgentProof;
import dev.pifleet.device.pairing.AgentProof.Purpose;
import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import dev.pifleet.device.pairing.ClaimCodes;
import dev.pifleet.device.pairing.PairingAnswers.ClaimCodeAnswer;
import dev.pifleet.device.pairing.PairingAnswers.CredentialsAnswer;
import dev.pifleet.parse.ParseException;
import dev.pifleet.registry.RegistryMetrics;
import dev.pifleet.registry.device.DeviceStore;
import dev.pifleet.registry.device.StoredDevice;
import dev.pifleet.registry.key.DeviceKeys;
import dev.pifleet.registry.limit.WindowLimiter;
import dev.pifleet.registry.pairing.AgentClaimStore.AgentClaim;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The agent's side of pairing by claim code. Both calls are anonymous but signed with the agent's Ed25519 key pair:
 * the agent asks for a code to show, then polls until a user has redeemed it and collects the device's API key.
 * Only the agent that holds the private key can do either, and each signed request works once.
 */
@ApplicationScoped
public class AgentPairing {

    private final AgentClaimStore claims;
    private final DeviceStore devices;
    private final DeviceKeys keys;
    private final RegistryMetrics metrics;
    private final Duration codeLifetime;
    private final Duration signatureMaxAge;
    private final WindowLimiter perAddress;
    private final WindowLimiter perDevice;
    private final Clock clock = Clock.systemUTC();

    AgentPairing(AgentClaimStore claims, DeviceStore devices, DeviceKeys keys, RegistryMetrics metrics,
            PairingConfig config) {
        this.claims = claims;
        this.devices = devices;
        this.keys = keys;
        this.metrics = metrics;
        this.codeLifetime = config.codeLifetime();
        this.signatureMaxAge = config.signatureMaxAge();
        this.perAddress = new WindowLimiter(config.agentRequestsPerAddress().max(), config.agentRequestsPerAddress().window());
        this.perDevice = new WindowLimiter(config.agentRequestsPerDevice().max(), config.agentRequestsPerDevice().window());
    }

    /** A new code for the agent; it replaces the agent's previous one. */
    public ClaimCodeAnswer issueCode(SignedRequest request, String clientAddress) {
        admit(request, clientAddress);
        verify(Purpose.CLAIM_CODE, request);
        Optional<AgentClaim> existing = claims.findByAgentKey(request.publicKey());
        existing.ifPresent(claim -> requireNewer(claim, request));
        String code = ClaimCodes.generate();
        String codeHash = ClaimCodes.hash(ClaimCodes.normalize(code).orElseThrow());
        String claimId = UUID.randomUUID().toString();
        Instant expiresAt = clock.instant().plus(codeLifetime).truncatedTo(ChronoUnit.SECONDS);
        if (existing.isPresent()) {
            claims.renew(existing.get().objectId(), request.deviceId(), codeHash, claimId, expiresAt, request.timestamp());
        } else {
            try {
                claims.create(request.publicKey(), request.deviceId(), codeHash, claimId, expiresAt, request.timestamp());
            } catch (ParseException.DuplicateValueException concurrentFirstRequest) {
                throw ApiException.conflict("claim_in_progress", "another request of this agent is being answered; try again");
            }
        }
        metrics.claimCodeIssued();
        return new ClaimCodeAnswer(true, code, expiresAt);
    }

    /**
     * Not yet, until a user has redeemed the agent's code; then a fresh API key for the device it was bound to. The
     * signed timestamp is recorded before the key leaves, so the same request cannot fetch another one.
     */
    public CredentialsAnswer collectCredentials(SignedRequest request, String clientAddress) {
        admit(request, clientAddress);
        verify(Purpose.CREDENTIALS, request);
        AgentClaim claim = claims.findByAgentKey(request.publicKey())
                .filter(found -> found.deviceId().equals(request.deviceId()))
                .orElseThrow(() -> new ApiException(404, "claim_not_found",
                        "this agent has no claim code: ask for one with POST /api/device/claim-code"));
        requireNewer(claim, request);
        Optional<StoredDevice> device = devices.findByAgentKey(request.publicKey());
        if (device.isEmpty()) {
            return CredentialsAnswer.notYet();
        }
        claims.signedAt(claim.objectId(), request.timestamp());
        String apiKey = keys.rotate(device.get());
        metrics.agentKeyCollected();
        return new CredentialsAnswer(true, true, device.get().deviceId(), device.get().name(), apiKey);
    }

    /** Anonymous calls are limited per client address and per deviceId before any work is done. */
    private void admit(SignedRequest request, String clientAddress) {
        Optional<Duration> wait = perAddress.tryAcquire(clientAddress)
                .or(() -> perDevice.tryAcquire(request.deviceId()));
        if (wait.isPresent()) {
            metrics.agentRequestThrottled();
            throw ApiException.tooManyRequests("too many pairing calls; try again later", wait.get());
        }
    }

    private void verify(Purpose purpose, SignedRequest request) {
        if (!AgentProof.verify(purpose, request)) {
            throw invalidSignature("the signature does not match the public key and request");
        }
        Duration skew = Duration.ofMillis(Math.abs(clock.millis() - request.timestamp()));
        if (skew.compareTo(signatureMaxAge) > 0) {
            throw invalidSignature("the request's timestamp is " + skew.toSeconds() + " s away from the server's clock "
                    + "(at most " + signatureMaxAge.toSeconds() + " s allowed): check the Pi's clock");
        }
    }

    private static void requireNewer(AgentClaim claim, SignedRequest request) {
        if (request.timestamp() <= claim.lastSignedAt()) {
            throw invalidSignature("this signed request was already used: sign each request with a newer timestamp");
        }
    }

    private static ApiException invalidSignature(String message) {
        return new ApiException(401, "invalid_signature", message);
    }
}
