package dev.pifleet.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.device.pairing.AgentProof;
import dev.pifleet.device.pairing.AgentProof.Purpose;
import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import dev.pifleet.testing.AtOnce;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The abuse suite's concurrency section: every pairing endpoint, against the built registry (limits lifted, see
 * the pom), gets the same request (or the same code) from 8 callers at once, for several rounds; exactly one wins.
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class PairingConcurrencyTest {

    private static final int AT_ONCE = 8;
    private static final int ROUNDS = 3;

    record Answer(int status, JsonNode body) {
    }

    @Test
    void claimCode() {
        for (int round = 0; round < ROUNDS; round++) {
            Agent pi = new Agent();
            String body = pi.signed(Purpose.CLAIM_CODE);
            assertOneWinner(AtOnce.run(AT_ONCE, i -> send("POST", "/api/device/claim-code", body)), 201, 401);
        }
    }

    @Test
    void credentials() {
        for (int round = 0; round < ROUNDS; round++) {
            Agent pi = new Agent();
            String code = pi.code();
            send("POST", "/api/devices/claim", "{\"code\":\"" + code + "\"}", "x-session-token", signUp());
            String body = pi.signed(Purpose.CREDENTIALS);
            List<Answer> answers = AtOnce.run(AT_ONCE, i -> send("POST", "/api/device/credentials", body));
            assertOneWinner(answers, 200, 401);
            assertThat(answers).filteredOn(answer -> answer.status() == 200)
                    .allSatisfy(answer -> assertThat(answer.body().path("paired").asBoolean()).isTrue());
        }
    }

    @Test
    void claim() {
        for (int round = 0; round < ROUNDS; round++) {
            String code = new Agent().code();
            List<String> users = AtOnce.run(AT_ONCE, i -> signUp());
            assertOneWinner(AtOnce.run(AT_ONCE, i -> send("POST", "/api/devices/claim", "{\"code\":\"" + code + "\"}",
                    "x-session-token", users.get(i))), 201, 404);
        }
    }

    @Test
    void rotateKey() {
        String owner = signUp();
        String deviceId = "race-" + UUID.randomUUID();
        send("POST", "/api/device/register", "{\"deviceId\":\"" + deviceId + "\"}", "x-session-token", owner);
        for (int round = 0; round < ROUNDS; round++) {
            List<Answer> answers = AtOnce.run(AT_ONCE, i -> send("POST", "/api/devices/" + deviceId + "/rotate-key", null,
                    "x-session-token", owner));
            // A rotation that starts after another finished wins the next key generation, so several may answer
            // 200 one after another; the others change nothing (409). One winner per generation: PairingRaceTest.
            List<Integer> statuses = answers.stream().map(Answer::status).toList();
            assertThat(statuses).as("answers %s", statuses).contains(200).containsOnly(200, 409);
        }
    }

    private static void assertOneWinner(List<Answer> answers, int won, int lost) {
        List<Integer> statuses = answers.stream().map(Answer::status).toList();
        assertThat(statuses).as("answers %s", statuses).filteredOn(status -> status == won).hasSize(1);
        assertThat(statuses).as("answers %s", statuses).filteredOn(status -> status != won).containsOnly(lost);
    }

    private static String signUp() {
        return AbuseStack.shared().call(Service.GATEWAY, "POST", "/api/auth/signup", 201, Map.of(
                "email", "race-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"))
                .get("sessionToken").asText();
    }

    private static Answer send(String method, String target, String body, String... headers) {
        String[] all = body == null ? headers : concat(headers, "Content-Type", "application/json");
        RawHttp.HttpAnswer response = RawHttp.send(AbuseStack.shared().url(Service.REGISTRY), new RawHttp.Request(
                method, target, RawHttp.headers(all), body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            return new Answer(response.status(), response.body().isBlank() ? AbuseStack.JSON.nullNode()
                    : AbuseStack.JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    /** A Pi as the registry sees it: a deviceId and a key pair; each request signed with a new timestamp. */
    private static final class Agent {
        private final String deviceId = "race-pi-" + UUID.randomUUID();
        private final KeyPair keys = AgentProof.newKeyPair();
        private long lastTimestamp;

        String signed(Purpose purpose) {
            lastTimestamp = Math.max(System.currentTimeMillis(), lastTimestamp + 1);
            SignedRequest request = AgentProof.sign(purpose, deviceId, keys, lastTimestamp);
            try {
                return AbuseStack.JSON.writeValueAsString(request);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String code() {
            Answer answer = send("POST", "/api/device/claim-code", signed(Purpose.CLAIM_CODE));
            assertThat(answer.status()).isEqualTo(201);
            return answer.body().path("code").asText();
        }
    }
}
