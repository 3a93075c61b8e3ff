package dev.pifleet.registry;

import static io.restassured.RestAssured.given;

import dev.pifleet.device.pairing.AgentProof;
import dev.pifleet.device.pairing.AgentProof.Purpose;
import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.security.KeyPair;
import java.util.concurrent.atomic.AtomicLong;

/** An agent as the registry sees it: a deviceId it reports and the Ed25519 key pair it proves. */
final class TestAgents {

    private TestAgents() {
    }

    static final class TestAgent {
        private final String deviceId;
        private final KeyPair keys = AgentProof.newKeyPair();
        private final AtomicLong lastTimestamp = new AtomicLong();

        TestAgent(String deviceId) {
            this.deviceId = deviceId;
        }

        String deviceId() {
            return deviceId;
        }

        String publicKey() {
            return AgentProof.encode(keys.getPublic());
        }

        /** Signed with a timestamp newer than any before, as a real agent signs. */
        SignedRequest signed(Purpose purpose) {
            long timestamp = lastTimestamp.updateAndGet(last -> Math.max(System.currentTimeMillis(), last + 1));
            return AgentProof.sign(purpose, deviceId, keys, timestamp);
        }

        ValidatableResponse requestCode() {
            return post("/api/device/claim-code", signed(Purpose.CLAIM_CODE));
        }

        ValidatableResponse collect() {
            return post("/api/device/credentials", signed(Purpose.CREDENTIALS));
        }

        /** A new code in its display form. */
        String code() {
            return requestCode().statusCode(201).extract().path("code");
        }

        /** The key the agent collects after its code was claimed. */
        String collectKey() {
            return collect().statusCode(200).extract().path("apiKey");
        }
    }

    static TestAgent newAgent(String deviceId) {
        return new TestAgent(deviceId);
    }

    static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    static ValidatableResponse claimByCode(String sessionToken, String code, String deviceName) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("code", code);
        if (deviceName != null) {
            body.put("deviceName", deviceName);
        }
        return given().header("x-session-token", sessionToken).contentType(ContentType.JSON).body(body)
                .when().post("/api/devices/claim").then();
    }
}
