package dev.pifleet.registry;

import static dev.pifleet.registry.TestAgents.claimByCode;
import static dev.pifleet.registry.TestAgents.newAgent;
import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.devicesWithKeyHash;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static dev.pifleet.registry.TestDevices.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.device.pairing.AgentProof;
import dev.pifleet.device.pairing.AgentProof.Purpose;
import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.registry.TestAgents.TestAgent;
import dev.pifleet.registry.TestUsers.TestUser;
import dev.pifleet.registry.pairing.ExpiredClaimSweep;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class ClaimCodeTest {

    @Inject
    ParseClient parse;

    @Inject
    ExpiredClaimSweep sweep;

    @Test
    void theAgentCollectsTheKeyAfterTheOwnerEntersItsCode() {
        TestUser alice = TestUsers.signUp();
        TestAgent pi = newAgent(newDeviceId());

        pi.collect().statusCode(404).body("error", equalTo("claim_not_found"));
        var code = pi.requestCode().statusCode(201)
                .body("success", equalTo(true))
                .body("code", matchesPattern("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"))
                .extract();
        Instant expiresAt = Instant.parse(code.path("expiresAt"));
        assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(15)));
        pi.collect().statusCode(200).body("paired", equalTo(false)).body("apiKey", org.hamcrest.Matchers.nullValue());

        String typed = " " + code.<String>path("code").toLowerCase().replace("-", "") + " ";
        claimByCode(alice.sessionToken(), typed, "Greenhouse")
                .statusCode(201)
                .body("success", equalTo(true))
                .body("deviceId", equalTo(pi.deviceId()))
                .body("deviceName", equalTo("Greenhouse"))
                .body("$", not(hasKey("apiKey")));
        devicesOf(alice).body("devices[0].deviceId", equalTo(pi.deviceId()))
                .body("devices[0].status", equalTo("never_seen"))
                .body("devices[0]", not(hasKey("agentKey")));

        var credentials = pi.collect().statusCode(200)
                .body("paired", equalTo(true))
                .body("deviceId", equalTo(pi.deviceId()))
                .body("deviceName", equalTo("Greenhouse"))
                .body("apiKey", matchesPattern("^pfk_[A-Za-z0-9_-]{43}$"))
                .extract();
        String apiKey = credentials.path("apiKey");
        ParseObject stored = deviceOf(pi);
        assertThat(stored.getString(DeviceClass.API_KEY_HASH)).isEqualTo(ApiKeys.hash(apiKey));
        assertThat(stored.getString(DeviceClass.AGENT_KEY)).isEqualTo(pi.publicKey());
        assertThat(stored.getPointerId(DeviceClass.OWNER)).isEqualTo(alice.userId());
        assertThat(stored.json().toString()).doesNotContain(apiKey);
        devicesOf(alice).body(not(org.hamcrest.Matchers.containsString(apiKey)));
    }

    @Test
    void wrongExpiredAndUsedCodesGetTheSameNotFound() {
        TestUser alice = TestUsers.signUp();
        TestUser bob = TestUsers.signUp();
        TestAgent used = newAgent(newDeviceId());
        String usedCode = used.code();
        claimByCode(alice.sessionToken(), usedCode, null).statusCode(201);
        TestAgent expiring = newAgent(newDeviceId());
        String expiredCode = expiring.code();
        ParseObject expiringClaim = claimRow(expiring);
        parse.update(ParseAuth.master(), "AgentClaim", expiringClaim.objectId(),
                ParseFields.create().set("expiresAt", Instant.now().minusSeconds(1)));
        TestAgent renewing = newAgent(newDeviceId());
        String replacedCode = renewing.code();
        renewing.code();

        for (String code : List.of(usedCode, expiredCode, replacedCode, "ZZZZ-ZZZZ", "not a code")) {
            claimByCode(bob.sessionToken(), code, null)
                    .statusCode(404)
                    .body("success", equalTo(false))
                    .body("error", equalTo("claim_code_not_found"))
                    .body("message", notNullValue());
        }
        assertThat(parse.count(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                .containedIn(DeviceClass.DEVICE_ID, List.of(expiring.deviceId(), renewing.deviceId())))).isZero();
        assertThat(deviceOf(used).getPointerId(DeviceClass.OWNER)).isEqualTo(alice.userId());
    }

    @Test
    void wrongCodesAreLimitedPerUserEvenInParallel() throws Exception {
        TestUser mallory = TestUsers.signUp();
        int attempts = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                String guess = String.format("%08d", i);
                statuses.add(pool.submit(() -> {
                    start.await();
                    return claimByCode(mallory.sessionToken(), guess, null).extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get(2, TimeUnit.MINUTES));
            }
            // %test allows 5 wrong codes per window.
            assertThat(answered).filteredOn(status -> status == 404).hasSize(5);
            assertThat(answered).filteredOn(status -> status == 429).hasSize(attempts - 5);
        } finally {
            pool.shutdownNow();
        }
        TestAgent pi = newAgent(newDeviceId());
        claimByCode(mallory.sessionToken(), pi.code(), null)
                .statusCode(429)
                .header("Retry-After", matchesPattern("^[1-9][0-9]*$"))
                .body("error", equalTo("rate_limited"));
        TestUser alice = TestUsers.signUp();
        claimByCode(alice.sessionToken(), pi.code(), null).statusCode(201);
    }

    @Test
    void aCodeClaimOverturnsAnEarlierClaimByDeviceIdAlone() {
        TestUser mallory = TestUsers.signUp();
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        String squattersKey = claim(mallory.sessionToken(), deviceId);
        TestAgent realPi = newAgent(deviceId);

        claimByCode(alice.sessionToken(), realPi.code(), "Greenhouse").statusCode(201);

        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(squattersKey))).as("the squatter's key").isZero();
        devicesOf(mallory).body("devices", org.hamcrest.Matchers.empty());
        String key = realPi.collectKey();
        assertThat(deviceOf(realPi).getPointerId(DeviceClass.OWNER)).isEqualTo(alice.userId());
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(key))).isOne();
        register(mallory.sessionToken(), deviceId, "Mine again").statusCode(409).body("error", equalTo("device_already_claimed"));
    }

    @Test
    void aDeviceClaimedByCodeCannotBeTakenByDeviceIdAlone() {
        TestUser alice = TestUsers.signUp();
        TestUser mallory = TestUsers.signUp();
        TestAgent pi = newAgent(newDeviceId());
        claimByCode(alice.sessionToken(), pi.code(), null).statusCode(201);
        String key = pi.collectKey();

        register(mallory.sessionToken(), pi.deviceId(), null)
                .statusCode(409).body("error", equalTo("device_already_claimed")).body("$", not(hasKey("apiKey")));
        register(alice.sessionToken(), pi.deviceId(), null)
                .statusCode(409).body("error", equalTo("paired_by_code")).body("$", not(hasKey("apiKey")));

        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(key))).isOne();
        assertThat(deviceOf(pi).getPointerId(DeviceClass.OWNER)).isEqualTo(alice.userId());
    }

    @Test
    void aFakeAgentClaimedFirstGetsARecordOfItsOwnThatTheRealPiNeverUses() {
        TestUser mallory = TestUsers.signUp();
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        TestAgent fake = newAgent(deviceId);
        TestAgent realPi = newAgent(deviceId);

        claimByCode(mallory.sessionToken(), fake.code(), "Fake").statusCode(201);
        String fakeKey = fake.collectKey();
        claimByCode(alice.sessionToken(), realPi.code(), "Real").statusCode(201);
        String realKey = realPi.collectKey();

        assertThat(deviceOf(realPi).getPointerId(DeviceClass.OWNER)).isEqualTo(alice.userId());
        assertThat(deviceOf(fake).getPointerId(DeviceClass.OWNER)).isEqualTo(mallory.userId());
        assertThat(deviceOf(realPi).objectId()).isNotEqualTo(deviceOf(fake).objectId());
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(realKey))).isOne();
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(fakeKey))).isOne();
        devicesOf(alice).body("devices.name", equalTo(List.of("Real")));
        devicesOf(mallory).body("devices.name", equalTo(List.of("Fake")));
    }

    @Test
    void aFakeAgentClaimedAfterTheRealPiChangesNothingForIt() {
        TestUser alice = TestUsers.signUp();
        TestUser mallory = TestUsers.signUp();
        String deviceId = newDeviceId();
        TestAgent realPi = newAgent(deviceId);
        claimByCode(alice.sessionToken(), realPi.code(), "Real").statusCode(201);
        String realKey = realPi.collectKey();
        ParseObject before = deviceOf(realPi);

        TestAgent fake = newAgent(deviceId);
        claimByCode(mallory.sessionToken(), fake.code(), "Fake").statusCode(201);
        fake.collectKey();

        ParseObject after = deviceOf(realPi);
        assertThat(after.objectId()).isEqualTo(before.objectId());
        assertThat(after.getPointerId(DeviceClass.OWNER)).isEqualTo(alice.userId());
        assertThat(after.getString(DeviceClass.API_KEY_HASH)).isEqualTo(ApiKeys.hash(realKey));
        realPi.collect().statusCode(200).body("paired", equalTo(true));
    }

    @Test
    void nobodyCanSignForAnAgentKeyTheyDoNotHold() {
        TestAgent realPi = newAgent(newDeviceId());
        realPi.code();
        long now = System.currentTimeMillis();
        for (Purpose purpose : Purpose.values()) {
            String forged = AgentProof.signature(purpose, realPi.deviceId(), realPi.publicKey(), now,
                    AgentProof.newKeyPair().getPrivate());
            String path = purpose == Purpose.CLAIM_CODE ? "/api/device/claim-code" : "/api/device/credentials";
            TestAgents.post(path, new SignedRequest(realPi.deviceId(), realPi.publicKey(), now, forged))
                    .statusCode(401).body("error", equalTo("invalid_signature"));
        }
    }

    @Test
    void aSignedRequestWorksOnceAndOnlyWhileFresh() {
        TestUser alice = TestUsers.signUp();
        TestAgent pi = newAgent(newDeviceId());
        SignedRequest codeRequest = pi.signed(Purpose.CLAIM_CODE);
        TestAgents.post("/api/device/claim-code", codeRequest).statusCode(201);
        TestAgents.post("/api/device/claim-code", codeRequest).statusCode(401).body("error", equalTo("invalid_signature"));

        claimByCode(alice.sessionToken(), pi.code(), null).statusCode(201);
        SignedRequest collect = pi.signed(Purpose.CREDENTIALS);
        TestAgents.post("/api/device/credentials", collect).statusCode(200).body("paired", equalTo(true));
        TestAgents.post("/api/device/credentials", collect).statusCode(401).body("error", equalTo("invalid_signature"));

        TestAgent stale = newAgent(newDeviceId());
        long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        var keys = AgentProof.newKeyPair();
        TestAgents.post("/api/device/claim-code", AgentProof.sign(Purpose.CLAIM_CODE, stale.deviceId(), keys, tenMinutesAgo))
                .statusCode(401).body("error", equalTo("invalid_signature"))
                .body("message", org.hamcrest.Matchers.containsString("clock"));
    }

    @Test
    void theOwnerCanPairTheirPiAgainByCodeAndKeepsItsRecord() {
        TestUser alice = TestUsers.signUp();
        TestAgent pi = newAgent(newDeviceId());
        claimByCode(alice.sessionToken(), pi.code(), "Greenhouse").statusCode(201);
        String firstKey = pi.collectKey();
        String objectId = deviceOf(pi).objectId();

        claimByCode(alice.sessionToken(), pi.code(), null).statusCode(201).body("deviceName", equalTo("Greenhouse"));
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(firstKey))).as("the old key until the agent collects").isZero();
        String secondKey = pi.collectKey();

        assertThat(deviceOf(pi).objectId()).isEqualTo(objectId);
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(secondKey))).isOne();

        TestAgent reflashed = newAgent(pi.deviceId());
        claimByCode(alice.sessionToken(), reflashed.code(), null).statusCode(201);
        assertThat(deviceOf(reflashed).objectId()).as("a new key pair, same deviceId, same owner").isEqualTo(objectId);
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(secondKey))).isZero();
    }

    @Test
    void aPiInSomeoneElsesHandsMovesToWhoeverEntersItsCode() {
        TestUser seller = TestUsers.signUp();
        TestUser buyer = TestUsers.signUp();
        TestAgent pi = newAgent(newDeviceId());
        claimByCode(seller.sessionToken(), pi.code(), "Old owner's Pi").statusCode(201);
        String sellersKey = pi.collectKey();

        claimByCode(buyer.sessionToken(), pi.code(), "Mine").statusCode(201);

        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(sellersKey))).isZero();
        devicesOf(seller).body("devices", org.hamcrest.Matchers.empty());
        pi.collectKey();
        assertThat(deviceOf(pi).getPointerId(DeviceClass.OWNER)).isEqualTo(buyer.userId());
    }

    @Test
    void rotatingTheKeyOfAPiPairedByCodeLetsOnlyThePiCollectTheNewOne() {
        TestUser alice = TestUsers.signUp();
        TestAgent pi = newAgent(newDeviceId());
        claimByCode(alice.sessionToken(), pi.code(), null).statusCode(201);
        String oldKey = pi.collectKey();
        devicesOf(alice).body("devices[0].pairing", equalTo("code"));

        given().header("x-session-token", alice.sessionToken()).when().post("/api/devices/" + pi.deviceId() + "/rotate-key")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("apiKey", org.hamcrest.Matchers.nullValue())
                .body("collectedByPi", equalTo(true));

        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(oldKey))).isZero();
        String newKey = pi.collectKey();
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(newKey))).isOne();
    }

    @Test
    void afterAnUnpairTheAgentIsNotPairedUntilANewCodeIsClaimed() {
        TestUser alice = TestUsers.signUp();
        TestAgent pi = newAgent(newDeviceId());
        claimByCode(alice.sessionToken(), pi.code(), null).statusCode(201);
        pi.collectKey();

        given().header("x-session-token", alice.sessionToken()).when().delete("/api/devices/" + pi.deviceId())
                .then().statusCode(200);

        pi.collect().statusCode(200).body("paired", equalTo(false));
        claimByCode(alice.sessionToken(), pi.code(), null).statusCode(201);
        pi.collect().statusCode(200).body("paired", equalTo(true));
    }

    @Test
    void badAgentBodiesAre400AndStoreNothing() {
        long claimsBefore = parse.count(ParseAuth.master(), ParseQuery.of("AgentClaim"));
        String deviceId = newDeviceId();
        for (Object body : List.of(Map.of(), Map.of("deviceId", deviceId),
                Map.of("deviceId", "../../etc", "publicKey", "x", "timestamp", 1, "signature", "y"),
                Map.of("deviceId", deviceId, "publicKey", Map.of("$ne", 1), "timestamp", 1, "signature", "y"),
                Map.of("deviceId", deviceId, "publicKey", "A".repeat(43), "timestamp", -5, "signature", "B".repeat(86)))) {
            for (String path : List.of("/api/device/claim-code", "/api/device/credentials")) {
                TestAgents.post(path, body).statusCode(400).body("success", equalTo(false))
                        .body("error", org.hamcrest.Matchers.oneOf("invalid_input", "malformed_json"));
            }
        }
        claimByCode(TestUsers.signUp().sessionToken(), null, null).statusCode(400);
        assertThat(parse.count(ParseAuth.master(), ParseQuery.of("AgentClaim"))).isEqualTo(claimsBefore);
    }

    @Test
    void anAgentsCallsAreLimitedPerAgentKeyNotPerDeviceId() {
        TestAgent noisy = newAgent(newDeviceId());
        // %test allows 30 accepted calls per agent key and minute.
        for (int i = 0; i < 30; i++) {
            noisy.collect().statusCode(404);
        }
        noisy.collect().statusCode(429).header("Retry-After", matchesPattern("^[1-9][0-9]*$"));
        newAgent(newDeviceId()).collect().statusCode(404);
        // another key pair naming the same deviceId is not limited by the noisy one
        newAgent(noisy.deviceId()).collect().statusCode(404);
    }

    @Test
    void anAccountOwnsAtMostItsQuotaOfDevices() {
        TestUser hoarder = TestUsers.signUp();
        // %test.pifleet.registry.device-quota=5
        for (int i = 0; i < 5; i++) {
            claim(hoarder.sessionToken(), newDeviceId());
        }
        register(hoarder.sessionToken(), newDeviceId(), null)
                .statusCode(403).body("error", equalTo("device_quota_exceeded")).body("$", not(hasKey("apiKey")));
        TestAgent pi = newAgent(newDeviceId());
        claimByCode(hoarder.sessionToken(), pi.code(), null).statusCode(403).body("error", equalTo("device_quota_exceeded"));
        pi.collect().statusCode(200).body("paired", equalTo(false));
    }

    @Test
    void claimsNeedASession() {
        claimByCode("r:not-a-session", "ABCD-EFGH", null).statusCode(401);
    }

    @Test
    void theSweepDeletesClaimsLongExpired() {
        TestAgent gone = newAgent(newDeviceId());
        gone.code();
        TestAgent live = newAgent(newDeviceId());
        live.code();
        parse.update(ParseAuth.master(), "AgentClaim", claimRow(gone).objectId(),
                ParseFields.create().set("expiresAt", Instant.now().minus(Duration.ofHours(1))));

        sweep.sweep();

        assertThat(parse.first(ParseAuth.master(), ParseQuery.of("AgentClaim").equalTo("agentKey", gone.publicKey())))
                .isEmpty();
        assertThat(claimRow(live)).isNotNull();
        gone.collect().statusCode(404).body("error", equalTo("claim_not_found"));
    }

    private ParseObject deviceOf(TestAgent agent) {
        return parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME).equalTo(DeviceClass.AGENT_KEY, agent.publicKey()))
                .orElseThrow(() -> new AssertionError("no Device bound to the agent's key"));
    }

    private ParseObject claimRow(TestAgent agent) {
        return parse.first(ParseAuth.master(), ParseQuery.of("AgentClaim").equalTo("agentKey", agent.publicKey()))
                .orElseThrow(() -> new AssertionError("no AgentClaim for the agent"));
    }

    private static io.restassured.response.ValidatableResponse devicesOf(TestUser user) {
        return given().header("x-session-token", user.sessionToken()).when().get("/api/devices").then().statusCode(200);
    }
}
