package dev.pifleet.registry;

import static dev.pifleet.registry.TestAgents.claimByCode;
import static dev.pifleet.registry.TestAgents.newAgent;
import static dev.pifleet.registry.TestDevices.devicesWithKeyHash;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.device.pairing.AgentProof;
import dev.pifleet.device.pairing.AgentProof.Purpose;
import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.registry.TestAgents.TestAgent;
import dev.pifleet.registry.TestUsers.TestUser;
import dev.pifleet.testing.AtOnce;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pairing path under concurrent and replayed requests, as an attacker sends them: every test fires its requests
 * at the same moment ({@link AtOnce}), several rounds, and asserts one winner. Each failed before the fix
 * (the holes are described in docs/security.md, "Atomic steps").
 */
@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class PairingRaceTest {

    private static final int AT_ONCE = 8;
    private static final int ROUNDS = 4;

    @Inject
    ParseClient parse;

    @Test
    void oneSignedCredentialsRequestSentEightTimesAtOnceFetchesAtMostOneKey() {
        for (int round = 0; round < ROUNDS; round++) {
            TestAgent pi = newAgent(newDeviceId());
            claimByCode(TestUsers.signUp().sessionToken(), pi.code(), null).statusCode(201);
            SignedRequest captured = pi.signed(Purpose.CREDENTIALS);

            List<ExtractableResponse<Response>> answers = AtOnce.run(AT_ONCE,
                    i -> TestAgents.post("/api/device/credentials", captured).extract());

            List<ExtractableResponse<Response>> keys = answers.stream().filter(a -> a.statusCode() == 200).toList();
            assertThat(keys).as("round %d: %s", round, statuses(answers)).hasSize(1);
            assertThat(answers).filteredOn(a -> a.statusCode() == 401).hasSize(AT_ONCE - 1)
                    .allSatisfy(a -> assertThat(a.<String>path("error")).isEqualTo("invalid_signature"));
            assertThat(devicesWithKeyHash(parse, ApiKeys.hash(keys.get(0).path("apiKey")))).isOne();
        }
    }

    @Test
    void oneSignedClaimCodeRequestSentEightTimesAtOnceGetsAtMostOneCode() {
        for (int round = 0; round < ROUNDS; round++) {
            TestAgent pi = newAgent(newDeviceId());
            if (round % 2 == 1) {
                pi.code(); // half the rounds renew an existing claim, half create the first one
            }
            SignedRequest captured = pi.signed(Purpose.CLAIM_CODE);

            List<ExtractableResponse<Response>> answers = AtOnce.run(AT_ONCE,
                    i -> TestAgents.post("/api/device/claim-code", captured).extract());

            List<ExtractableResponse<Response>> codes = answers.stream().filter(a -> a.statusCode() == 201).toList();
            assertThat(codes).as("round %d: %s", round, statuses(answers)).hasSize(1);
            assertThat(answers).filteredOn(a -> a.statusCode() != 201)
                    .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(401));
            TestUser owner = TestUsers.signUp();
            claimByCode(owner.sessionToken(), codes.get(0).path("code"), null).statusCode(201);
        }
    }

    @Test
    void aNotYetPollCapturedBeforeTheClaimIsRefusedWhenReplayedAfterIt() {
        for (int round = 0; round < ROUNDS; round++) {
            TestAgent pi = newAgent(newDeviceId());
            String code = pi.code();
            SignedRequest captured = pi.signed(Purpose.CREDENTIALS);
            TestAgents.post("/api/device/credentials", captured).statusCode(200).body("paired", equalTo(false));
            claimByCode(TestUsers.signUp().sessionToken(), code, null).statusCode(201);

            List<Integer> replays = AtOnce.run(AT_ONCE,
                    i -> TestAgents.post("/api/device/credentials", captured).extract().statusCode());

            assertThat(replays).as("round %d", round).containsOnly(401);
            assertThat(deviceOf(pi).getString(DeviceClass.API_KEY_HASH)).as("no key was issued to the replayer").isNull();
            String key = pi.collectKey();
            assertThat(devicesWithKeyHash(parse, ApiKeys.hash(key))).isOne();
        }
    }

    @Test
    void oneCodeClaimedByEightUsersAtOnceHasExactlyOneOwner() {
        for (int round = 0; round < ROUNDS; round++) {
            TestAgent pi = newAgent(newDeviceId());
            String code = pi.code();
            List<TestUser> users = AtOnce.run(AT_ONCE, i -> TestUsers.signUp());
            // Round 0 all at once; later rounds a few milliseconds apart, so later claimers see the first one's row.
            long apartMillis = round * 5L;

            List<Integer> answers = AtOnce.run(AT_ONCE, i -> {
                pause(i * apartMillis);
                return claimByCode(users.get(i).sessionToken(), code, "Round " + i).extract().statusCode();
            });

            assertThat(answers).as("round %d", round).filteredOn(status -> status == 201).hasSize(1);
            assertThat(answers).filteredOn(status -> status != 201).containsOnly(404);
            TestUser winner = users.get(answers.indexOf(201));
            assertThat(deviceOf(pi).getPointerId(DeviceClass.OWNER)).isEqualTo(winner.userId());
            assertThat(parse.count(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                    .equalTo(DeviceClass.DEVICE_ID, pi.deviceId()))).isOne();
            for (TestUser user : users) {
                given().header("x-session-token", user.sessionToken()).when().get("/api/devices").then()
                        .statusCode(200).body("devices.size()", equalTo(user == winner ? 1 : 0));
            }
        }
    }

    @Test
    void strangersNamingAPisDeviceIdCannotKeepItFromPairing() {
        TestAgent pi = newAgent(newDeviceId());
        SignedRequest capturedCodeRequest = pi.signed(Purpose.CLAIM_CODE);
        TestAgents.post("/api/device/claim-code", capturedCodeRequest).statusCode(201);

        // 100 forged calls naming the Pi's deviceId and public key, and 100 replays of its own request, all at once.
        List<Integer> strangers = AtOnce.run(100, i -> {
            if (i % 2 == 0) {
                return TestAgents.post("/api/device/claim-code", capturedCodeRequest).extract().statusCode();
            }
            Purpose purpose = i % 4 == 1 ? Purpose.CLAIM_CODE : Purpose.CREDENTIALS;
            long now = System.currentTimeMillis() + i;
            String forged = AgentProof.signature(purpose, pi.deviceId(), pi.publicKey(), now,
                    AgentProof.newKeyPair().getPrivate());
            String path = purpose == Purpose.CLAIM_CODE ? "/api/device/claim-code" : "/api/device/credentials";
            return TestAgents.post(path, new SignedRequest(pi.deviceId(), pi.publicKey(), now, forged))
                    .extract().statusCode();
        });
        List<Integer> more = AtOnce.run(AT_ONCE,
                i -> TestAgents.post("/api/device/claim-code", capturedCodeRequest).extract().statusCode());

        assertThat(strangers).containsOnly(401);
        assertThat(more).containsOnly(401);
        String code = pi.code();
        pi.collect().statusCode(200).body("paired", equalTo(false));
        claimByCode(TestUsers.signUp().sessionToken(), code, null).statusCode(201);
        String key = pi.collectKey();
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(key))).isOne();
    }

    @Test
    void eightRotationsOfOneKeyAtOnceHaveOneWinnerPerKeyGeneration() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        TestDevices.claim(alice.sessionToken(), deviceId);
        for (int round = 0; round < ROUNDS; round++) {
            long generationBefore = keyGeneration(deviceId);
            List<ExtractableResponse<Response>> answers = AtOnce.run(AT_ONCE, i -> given()
                    .header("x-session-token", alice.sessionToken())
                    .when().post("/api/devices/" + deviceId + "/rotate-key").then().extract());

            // A rotation that starts after another finished wins the next generation: each 200 is a generation of
            // its own (never two winners of one), the others change nothing, and only the newest key works.
            List<ExtractableResponse<Response>> won = answers.stream().filter(a -> a.statusCode() == 200).toList();
            assertThat(won).as("round %d: %s", round, statuses(answers)).isNotEmpty();
            assertThat(keyGeneration(deviceId) - generationBefore).isEqualTo(won.size());
            assertThat(answers).filteredOn(a -> a.statusCode() != 200)
                    .allSatisfy(a -> assertThat(a.<String>path("error")).isEqualTo("key_changed_concurrently"));
            assertThat(won).filteredOn(a -> devicesWithKeyHash(parse, ApiKeys.hash(a.path("apiKey"))) == 1).hasSize(1);
        }
    }

    private long keyGeneration(String deviceId) {
        ParseObject row = TestDevices.row(parse, deviceId);
        return row.get(DeviceClass.KEY_GENERATION) == null ? 0 : row.get(DeviceClass.KEY_GENERATION).asLong();
    }

    @Test
    void anUnpairRacingKeyRotationsLeavesNoWorkingKey() {
        for (int round = 0; round < ROUNDS; round++) {
            TestUser alice = TestUsers.signUp();
            String deviceId = newDeviceId();
            TestDevices.claim(alice.sessionToken(), deviceId);
            String objectId = TestDevices.row(parse, deviceId).objectId();

            List<ExtractableResponse<Response>> answers = AtOnce.run(AT_ONCE, i -> i == 0
                    ? given().header("x-session-token", alice.sessionToken())
                            .when().delete("/api/devices/" + deviceId + "?purge=true").then().extract()
                    : given().header("x-session-token", alice.sessionToken())
                            .when().post("/api/devices/" + deviceId + "/rotate-key").then().extract());

            assertThat(answers.get(0).statusCode()).as("round %d: the unpair", round).isEqualTo(200);
            Optional<ParseObject> row = parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                    .equalTo("objectId", objectId));
            assertThat(row.map(purging -> purging.getString(DeviceClass.API_KEY_HASH)))
                    .as("round %d: a rotation after the unpair gave the purged row a key", round)
                    .satisfiesAnyOf(hash -> assertThat(hash).isEmpty(), hash -> assertThat(hash.get()).isNull());
            for (ExtractableResponse<Response> rotated : answers.subList(1, AT_ONCE)) {
                assertThat(rotated.statusCode()).isIn(200, 404, 409);
                if (rotated.statusCode() == 200) {
                    assertThat(devicesWithKeyHash(parse, ApiKeys.hash(rotated.path("apiKey")))).isZero();
                }
            }
        }
    }

    private ParseObject deviceOf(TestAgent agent) {
        return parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                        .equalTo(DeviceClass.AGENT_KEY, agent.publicKey()))
                .orElseThrow(() -> new AssertionError("no Device bound to the agent's key"));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Integer> statuses(List<ExtractableResponse<Response>> answers) {
        return answers.stream().map(ExtractableResponse::statusCode).toList();
    }
}
