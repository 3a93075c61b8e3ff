package dev.pifleet.registry.pairing;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code pifleet.pairing.*}; the defaults are in application.properties. */
@ConfigMapping(prefix = "pifleet.pairing")
public interface PairingConfig {

    /** The seed's deviceId-only flow ({@code POST /api/device/register}); off unless turned on. */
    boolean legacyEnabled();

    /** How long a claim code can be redeemed; the agent renews it before then. */
    Duration codeLifetime();

    /** How far an agent's signed timestamp may be from the registry's clock. */
    Duration signatureMaxAge();

    /** How often claims whose code expired are deleted. */
    Duration sweepInterval();

    Limit failedClaims();

    /** Agent calls whose signature, timestamp or freshness failed, per client address. */
    Limit agentFailuresPerAddress();

    /** First codes for agent key pairs never seen before, per client address. */
    Limit newAgentsPerAddress();

    /** Accepted agent calls per agent public key: only the key's holder can spend this. */
    Limit agentRequestsPerKey();

    /** At most {@code max} events per {@code window} and key. */
    interface Limit {
        int max();

        Duration window();
    }
}
