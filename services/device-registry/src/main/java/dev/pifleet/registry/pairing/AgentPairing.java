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
import dev.pifleet.service.WindowLimiter;
import dev.pifleet.registry.once.OnceKeys;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pifleet.registry.pairing.AgentClaimStore.AgentClaim;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The agent's side of pairing by claim code. Both calls are anonymous but signed with the agent's Ed25519 key pair:
 * the agent asks for a code to show, then polls until a user has redeemed it and collects the device's API key (and
 * collects a new one the same way whenever its owner rotates it). Only the agent that holds the private key can do
 * either, and each signed request is accepted once, whatever it is answered.
 *
 * <p>Order of checks, so that no stranger can spend a Pi's allowance: the signature and timestamp first (failures
 * count against the caller's address, never the deviceId they name); then "accepted once" (a OnceKey per signed
 * request, so parallel replays have one winner); then the per-agent-key limit, which only the key's holder can use up.
 */
@ApplicationScoped
public class AgentPairing {

    private static final Logger LOG = Logger.getLogger(AgentPairing.class);
    /** Replicas' clocks differ a little: a used request is remembered this much longer than it could be accepted. */
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    private final AgentClaimStore claims;
    private final DeviceStore devices;
    private final DeviceKeys keys;
    private final OnceKeys onceKeys;
    private final RegistryMetrics metrics;
    private final Duration codeLifetime;
    private final Duration signatureMaxAge;
    private final WindowLimiter failuresPerAddress;
    private final WindowLimiter newAgentsPerAddress;
    private final WindowLimiter perAgentKey;
    /** Signed requests this replica accepted: most replays are refused without a Parse round-trip. */
    private final Cache<String, Boolean> acceptedHere;
    private final Clock clock = Clock.systemUTC();

    AgentPairing(AgentClaimStore claims, DeviceStore devices, DeviceKeys keys, OnceKeys onceKeys,
            RegistryMetrics metrics, PairingConfig config) {
        this.claims = claims;
        this.devices = devices;
        this.keys = keys;
        this.onceKeys = onceKeys;
        this.metrics = metrics;
        this.codeLifetime = config.codeLifetime();
        this.signatureMaxAge = config.signatureMaxAge();
        this.failuresPerAddress = limiter(config.agentFailuresPerAddress());
        this.newAgentsPerAddress = limiter(config.newAgentsPerAddress());
        this.perAgentKey = limiter(config.agentRequestsPerKey());
        this.acceptedHere = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(signatureMaxAge.multipliedBy(2).plus(CLOCK_MARGIN)).build();
    }

    /** A new code for the agent; it replaces the agent's previous one. */
    public ClaimCodeAnswer issueCode(SignedRequest request, String clientAddress) {
        admit(Purpose.CLAIM_CODE, request, clientAddress);
        Optional<AgentClaim> existing = claims.findByAgentKey(request.publicKey());
        String code = ClaimCodes.generate();
        String codeHash = ClaimCodes.hash(ClaimCodes.normalize(code).orElseThrow());
        String claimId = UUID.randomUUID().toString();
        Instant expiresAt = clock.instant().plus(codeLifetime).truncatedTo(ChronoUnit.SECONDS);
        if (existing.isPresent()) {
            claims.renew(existing.get().objectId(), request.deviceId(), codeHash, claimId, expiresAt, request.timestamp());
        } else {
            // Anyone can make key pairs: new claim rows are limited per address (a Pi asks for its first code once).
            throttle(newAgentsPerAddress, clientAddress);
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
     * A fresh API key once a user has redeemed the agent's code (and whenever the agent asks again later, e.g. after
     * its owner rotated the key): only to the key pair the device is bound to. Not yet, while no device is.
     */
    public CredentialsAnswer collectCredentials(SignedRequest request, String clientAddress) {
        admit(Purpose.CREDENTIALS, request, clientAddress);
        Optional<StoredDevice> device = devices.findByAgentKey(request.publicKey())
                .filter(bound -> bound.deviceId().equals(request.deviceId()));
        if (device.isPresent()) {
            String apiKey = keys.rotate(device.get());
            metrics.agentKeyCollected();
            return new CredentialsAnswer(true, true, device.get().deviceId(), device.get().name(), apiKey);
        }
        claims.findByAgentKey(request.publicKey())
                .filter(found -> found.deviceId().equals(request.deviceId()))
                .orElseThrow(() -> new ApiException(404, "claim_not_found",
                        "this agent has no claim code: ask for one with POST /api/device/claim-code"));
        return CredentialsAnswer.notYet();
    }

    private void admit(Purpose purpose, SignedRequest request, String clientAddress) {
        verify(purpose, request, clientAddress);
        String once = "agent-request:" + request.publicKey() + ":" + request.timestamp();
        boolean first = acceptedHere.asMap().putIfAbsent(once, Boolean.TRUE) == null;
        if (first) {
            try {
                first = onceKeys.firstUse(once,
                        Instant.ofEpochMilli(request.timestamp()).plus(signatureMaxAge).plus(CLOCK_MARGIN));
            } catch (RuntimeException undecided) {
                acceptedHere.invalidate(once);
                throw undecided;
            }
        }
        if (!first) {
            metrics.agentRequestReplayed();
            refuse(clientAddress, "this signed request was already used: sign each request with a new timestamp");
        }
        throttle(perAgentKey, request.publicKey());
    }

    private void verify(Purpose purpose, SignedRequest request, String clientAddress) {
        if (!AgentProof.verify(purpose, request)) {
            refuse(clientAddress, "the signature does not match the public key and request");
        }
        Duration skew = Duration.ofMillis(Math.abs(clock.millis() - request.timestamp()));
        if (skew.compareTo(signatureMaxAge) > 0) {
            refuse(clientAddress, "the request's timestamp is " + skew.toSeconds() + " s away from the server's clock "
                    + "(at most " + signatureMaxAge.toSeconds() + " s allowed): check the Pi's clock");
        }
    }

    /** 401, counted against the caller's address (429 past its limit); the deviceId it names is only logged. */
    private void refuse(String clientAddress, String message) {
        metrics.agentSignatureFailed();
        throttle(failuresPerAddress, clientAddress);
        throw new ApiException(401, "invalid_signature", message);
    }

    private void throttle(WindowLimiter limiter, String key) {
        Optional<Duration> wait = limiter.tryAcquire(key);
        if (wait.isPresent()) {
            metrics.agentRequestThrottled();
            LOG.debugf("agent pairing call throttled (%s)", limiter == perAgentKey ? "per agent key" : "per address");
            throw ApiException.tooManyRequests("too many pairing calls; try again later", wait.get());
        }
    }

    private static WindowLimiter limiter(PairingConfig.Limit limit) {
        return new WindowLimiter(limit.max(), limit.window());
    }
}
