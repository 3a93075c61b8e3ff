package dev.pifleet.device.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.device.pairing.AgentProof.Purpose;
import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class AgentProofTest {

    private static final String DEVICE_ID = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final KeyPair agent = AgentProof.newKeyPair();

    @Test
    void aSignedRequestVerifiesForItsPurpose() {
        SignedRequest request = AgentProof.sign(Purpose.CLAIM_CODE, DEVICE_ID, agent, 1_700_000_000_000L);
        assertThat(request.publicKey()).hasSize(43);
        assertThat(request.signature()).hasSize(86);
        assertThat(AgentProof.verify(Purpose.CLAIM_CODE, request)).isTrue();
        assertThat(AgentProof.verify(Purpose.CREDENTIALS, request)).as("another purpose").isFalse();
    }

    @Test
    void changingAnySignedPartBreaksTheSignature() {
        SignedRequest request = AgentProof.sign(Purpose.CREDENTIALS, DEVICE_ID, agent, 1_700_000_000_000L);
        assertThat(AgentProof.verify(Purpose.CREDENTIALS, new SignedRequest("other-device", request.publicKey(),
                request.timestamp(), request.signature()))).isFalse();
        assertThat(AgentProof.verify(Purpose.CREDENTIALS, new SignedRequest(DEVICE_ID, request.publicKey(),
                request.timestamp() + 1, request.signature()))).isFalse();
        String otherKey = AgentProof.encode(AgentProof.newKeyPair().getPublic());
        assertThat(AgentProof.verify(Purpose.CREDENTIALS, new SignedRequest(DEVICE_ID, otherKey,
                request.timestamp(), request.signature()))).isFalse();
    }

    @Test
    void aForgerWithoutThePrivateKeyCannotSignForThePublicKey() {
        String victimKey = AgentProof.encode(agent.getPublic());
        String forged = AgentProof.signature(Purpose.CLAIM_CODE, DEVICE_ID, victimKey, 1L,
                AgentProof.newKeyPair().getPrivate());
        assertThat(AgentProof.verify(Purpose.CLAIM_CODE, new SignedRequest(DEVICE_ID, victimKey, 1L, forged))).isFalse();
    }

    @Test
    void malformedPartsAreRefusedWithoutThrowing() {
        assertThat(AgentProof.verify(Purpose.CLAIM_CODE, new SignedRequest(DEVICE_ID, null, 1L, "x"))).isFalse();
        assertThat(AgentProof.verify(Purpose.CLAIM_CODE, new SignedRequest(DEVICE_ID, "A".repeat(43), 1L,
                "B".repeat(86)))).isFalse();
        assertThat(AgentProof.verify(Purpose.CLAIM_CODE, new SignedRequest(null, "A".repeat(43), 1L, "B".repeat(86))))
                .isFalse();
    }
}
