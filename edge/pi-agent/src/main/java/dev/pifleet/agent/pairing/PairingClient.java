package dev.pifleet.agent.pairing;

import dev.pifleet.agent.cloud.CloudClient;
import dev.pifleet.agent.cloud.CloudReply;
import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import dev.pifleet.device.pairing.PairingAnswers.ClaimCodeAnswer;
import dev.pifleet.device.pairing.PairingAnswers.CredentialsAnswer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.URI;

/** The agent's two calls to the device-registry (anonymous, agent-signed): ask for a claim code, collect the key. */
@RegisterForReflection(targets = {SignedRequest.class, ClaimCodeAnswer.class, CredentialsAnswer.class})
public final class PairingClient {

    private final CloudClient registry;

    public PairingClient(URI registryUrl) {
        this.registry = new CloudClient(registryUrl);
    }

    public CloudReply claimCode(SignedRequest request) throws IOException {
        return registry.postWithoutKey("/api/device/claim-code", request);
    }

    public CloudReply credentials(SignedRequest request) throws IOException {
        return registry.postWithoutKey("/api/device/credentials", request);
    }

    public URI registryUrl() {
        return registry.baseUrl();
    }

}
