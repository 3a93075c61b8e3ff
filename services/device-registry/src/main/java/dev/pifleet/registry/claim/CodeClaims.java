package dev.pifleet.registry.claim;

import dev.pifleet.device.pairing.ClaimCodes;
import dev.pifleet.parse.ParseException;
import dev.pifleet.registry.RegistryMetrics;
import dev.pifleet.registry.device.DeviceStore;
import dev.pifleet.registry.device.StoredDevice;
import dev.pifleet.service.WindowLimiter;
import dev.pifleet.registry.once.OnceKeys;
import dev.pifleet.registry.pairing.AgentClaimStore;
import dev.pifleet.registry.pairing.AgentClaimStore.AgentClaim;
import dev.pifleet.registry.pairing.PairingConfig;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user redeems the claim code a Pi shows: possession of the Pi, not knowledge of its deviceId, makes the owner.
 * The device is bound to the key pair of the agent that asked for the code; that agent then collects the API key
 * itself, so the key never passes through the browser.
 *
 * <p>Rules, in order: the agent's own device (bound to its key) goes to the claimer (its earlier owner loses it,
 * or keeps it when that is the claimer); a row of the claimer for the same deviceId is re-bound to this agent, keeping
 * its readings; another account's claim of the deviceId by the legacy flow, which proved nothing, is removed.
 * Other accounts' devices bound to other agent keys are different devices and are never touched.
 */
@ApplicationScoped
public class CodeClaims {

    private final AgentClaimStore claims;
    private final DeviceStore devices;
    private final DeviceQuota quota;
    private final OnceKeys onceKeys;
    private final RegistryMetrics metrics;
    private final WindowLimiter failedAttempts;
    private final Duration codeLifetime;

    CodeClaims(AgentClaimStore claims, DeviceStore devices, DeviceQuota quota, OnceKeys onceKeys,
            RegistryMetrics metrics, PairingConfig config) {
        this.claims = claims;
        this.devices = devices;
        this.quota = quota;
        this.onceKeys = onceKeys;
        this.metrics = metrics;
        this.failedAttempts = new WindowLimiter(config.failedClaims().max(), config.failedClaims().window());
        this.codeLifetime = config.codeLifetime();
    }

    public record Claimed(String deviceId, String deviceName) {
    }

    /**
     * An attempt is counted before the code is looked up (parallel guesses cannot slip past the limit) and given back
     * as soon as the code turns out right, so only wrong codes use up the user's allowance.
     *
     * <p>The code is redeemed <em>before</em> the device is bound: a OnceKey per claim makes exactly one of any number of
     * concurrent claimers the one who binds; the others get the same 404 as for a used code. The answer is 201 only if
     * the device is the claimer's when it leaves (another code of the same agent, redeemed meanwhile, may have moved it).
     */
    public Claimed claim(String userId, String typedCode, String deviceName) {
        Optional<Duration> wait = failedAttempts.tryAcquire(userId);
        if (wait.isPresent()) {
            metrics.claimCodeThrottled();
            throw ApiException.tooManyRequests("too many wrong claim codes; try again later", wait.get());
        }
        AgentClaim claim = ClaimCodes.normalize(typedCode)
                .flatMap(code -> claims.findByCodeHash(ClaimCodes.hash(code)))
                .filter(found -> found.redeemableAt(Instant.now()))
                .orElseThrow(CodeClaims::notFound);
        failedAttempts.release(userId);
        String redemption = "redemption:" + claim.claimId();
        if (!onceKeys.firstUse(redemption, Instant.now().plus(codeLifetime))) {
            throw notFound();
        }
        Claimed claimed;
        try {
            claimed = bind(userId, claim, deviceName);
        } catch (ParseException.DuplicateValueException redeemedConcurrently) {
            throw notFound();
        } catch (RuntimeException bindFailed) {
            // Nothing was bound (Parse unavailable, quota): the code stays usable for another try.
            onceKeys.release(redemption);
            throw bindFailed;
        }
        claims.redeemed(claim.objectId());
        boolean stillTheirs = devices.findByAgentKey(claim.agentKey()).filter(device -> device.isOwnedBy(userId)).isPresent();
        if (!stillTheirs) {
            throw notFound();
        }
        metrics.deviceClaimedByCode();
        return claimed;
    }

    private Claimed bind(String userId, AgentClaim claim, String deviceName) {
        Optional<StoredDevice> agentsDevice = devices.findByAgentKey(claim.agentKey());
        if (agentsDevice.isPresent() && agentsDevice.get().isOwnedBy(userId)) {
            return rebind(agentsDevice.get(), claim, deviceName);
        }
        agentsDevice.ifPresent(this::removeFromEarlierOwner);
        List<StoredDevice> sameDeviceId = devices.findAllByDeviceId(claim.deviceId());
        Optional<StoredDevice> own = sameDeviceId.stream().filter(device -> device.isOwnedBy(userId)).findFirst();
        if (own.isPresent()) {
            return rebind(own.get(), claim, deviceName);
        }
        sameDeviceId.stream().filter(device -> !device.pairedByCode()).forEach(this::removeFromEarlierOwner);
        quota.requireRoomFor(userId);
        String name = deviceName == null ? LegacyClaims.defaultName(claim.deviceId()) : deviceName;
        devices.createByCode(claim.deviceId(), name, userId, claim.agentKey(), claim.claimId());
        return new Claimed(claim.deviceId(), name);
    }

    private Claimed rebind(StoredDevice device, AgentClaim claim, String deviceName) {
        String name = deviceName == null ? device.name() : deviceName;
        devices.bindToAgent(device, name, claim.agentKey(), claim.claimId());
        return new Claimed(device.deviceId(), name);
    }

    /**
     * The Pi is in someone else's hands now: the earlier owner's row goes, with it their key (401 from then on).
     * Their readings stay unreadable, pointing at a row that no longer exists, exactly as after their own unpair.
     */
    private void removeFromEarlierOwner(StoredDevice device) {
        devices.delete(device.objectId());
        metrics.deviceTakenOver();
    }

    /** Unknown, expired and used codes get the same answer: nothing tells a guesser which one it was. */
    private static ApiException notFound() {
        return new ApiException(404, "claim_code_not_found",
                "no device is waiting for this code: check it, or wait for the Pi to show a new one");
    }
}
