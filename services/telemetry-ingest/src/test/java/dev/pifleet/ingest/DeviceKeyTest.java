package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.device.DeviceClass;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.ingest.device.KeyChangeWatch;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.testing.ParseServerTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class DeviceKeyTest {

    /** The key cache's TTL (5 s) plus generous slack for a loaded machine; polling ends as soon as it holds. */
    private static final Duration CACHE_BOUND_WITH_SLACK = Duration.ofSeconds(20);

    @Inject
    ParseClient parse;

    @Inject
    MeterRegistry metrics;

    @Inject
    KeyChangeWatch watch;

    @Test
    void unknownMalformedAndRevokedKeysGetOneAndTheSameAnswer() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        assertThat(heartbeat(device.authorization()).statusCode()).isEqualTo(200);

        changeKey(device, ParseFields.create().unset(DeviceClass.API_KEY_HASH), 1);

        await().atMost(CACHE_BOUND_WITH_SLACK).until(() -> heartbeat(device.authorization()).statusCode() == 401);
        String revoked = heartbeat(device.authorization()).asString();
        String unknown = heartbeat("Device " + ApiKeys.generate()).asString();
        String malformed = heartbeat("Device not-a-key").asString();
        assertThat(revoked).isEqualTo(unknown).isEqualTo(malformed)
                .isEqualTo("{\"success\":false,\"error\":\"invalid_api_key\",\"message\":\"the device key is not valid\"}");
        given().header("Authorization", "Device " + ApiKeys.generate()).contentType(ContentType.JSON)
                .body("{\"sensors\": {\"t\": 1}}")
                .when().post("/api/device/data")
                .then().statusCode(401).body("error", equalTo("invalid_api_key"));
    }

    @Test
    void rotatedKeyIsRefusedWithinTheCacheBoundAndTheNewKeyWorksAtOnce() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        assertThat(heartbeat(device.authorization()).statusCode()).isEqualTo(200);
        String newKey = ApiKeys.generate();

        changeKey(device, ParseFields.create().set(DeviceClass.API_KEY_HASH, ApiKeys.hash(newKey)), 1);

        assertThat(heartbeat("Device " + newKey).statusCode()).isEqualTo(200);
        await().atMost(CACHE_BOUND_WITH_SLACK).until(() -> heartbeat(device.authorization()).statusCode() == 401);
    }

    @Test
    void requestWithoutDeviceCredentialIsAskedForOne() {
        given().when().post("/api/device/heartbeat")
                .then().statusCode(401).body("error", equalTo("missing_credentials"));
        given().header("Authorization", "Bearer something").contentType(ContentType.JSON).body("{\"sensors\": {\"t\": 1}}")
                .when().post("/api/device/data")
                .then().statusCode(401).body("error", equalTo("missing_credentials"));
    }

    @Test
    void repeatedUnknownKeyCostsParseOneLookupPerNegativeTtlAndTheKeyWorksOnceIssued() {
        String apiKey = ApiKeys.generate();
        double lookupsBefore = unknownKeyLookups();
        long started = System.nanoTime();

        for (int i = 0; i < 10; i++) {
            assertThat(heartbeat("Device " + apiKey).statusCode()).isEqualTo(401);
        }

        // One lookup per negative-ttl (5 s) window: ten requests on a fast machine cost exactly one.
        long windows = 1 + Duration.ofNanos(System.nanoTime() - started).toSeconds() / 5;
        assertThat(unknownKeyLookups() - lookupsBefore).isBetween(1.0, (double) windows);
        TestFleet.newDevice(parse, TestFleet.newUser(parse), apiKey);
        await().atMost(CACHE_BOUND_WITH_SLACK).until(() -> heartbeat("Device " + apiKey).statusCode() == 200);
    }

    @Test
    void credentialsAreCheckedBeforeTheBodyIsRead() {
        String notJson = "{\"sensors\": ";

        given().contentType(ContentType.JSON).body(notJson)
                .when().post("/api/device/data")
                .then().statusCode(401).body("error", equalTo("missing_credentials"));
        given().header("Authorization", "Device not-a-key").contentType(ContentType.JSON).body(notJson)
                .when().post("/api/device/data")
                .then().statusCode(401).body("error", equalTo("invalid_api_key"));
        given().header("Authorization", "Device " + ApiKeys.generate()).contentType(ContentType.JSON).body(notJson)
                .when().post("/api/device/data")
                .then().statusCode(401).body("error", equalTo("invalid_api_key"));
        given().header("Authorization", "Device " + ApiKeys.generate()).contentType(ContentType.JSON).body(notJson)
                .when().post("/api/device/heartbeat")
                .then().statusCode(401).body("error", equalTo("invalid_api_key"));
    }

    @Test
    void whileTheWatchRunsAKeyIsKeptPastTheShortTtlAndDroppedWhenItChanges() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        await().atMost(CACHE_BOUND_WITH_SLACK).until(watch::covering);
        assertThat(heartbeat(device.authorization()).statusCode()).isEqualTo(200);
        double lookupsBefore = foundKeyLookups();

        // Twice the short ttl (5 s): a key found while the watch covers it is not looked up again.
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> heartbeat(device.authorization()).statusCode() == 200);
        assertThat(foundKeyLookups() - lookupsBefore).isZero();

        String newKey = ApiKeys.generate();
        changeKey(device, ParseFields.create().set(DeviceClass.API_KEY_HASH, ApiKeys.hash(newKey)), 1);
        await().atMost(CACHE_BOUND_WITH_SLACK).until(() -> heartbeat(device.authorization()).statusCode() == 401);
        assertThat(heartbeat("Device " + newKey).statusCode()).isEqualTo(200);
    }

    /** What the Device store's changeKey writes: the key, its next generation and when it changed. */
    private void changeKey(TestDevice device, ParseFields change, long generation) {
        parse.update(ParseAuth.master(), DeviceClass.NAME, device.objectId(), change
                .set(DeviceClass.KEY_GENERATION, generation).set(DeviceClass.KEY_CHANGED_AT, java.time.Instant.now()));
    }

    private double foundKeyLookups() {
        return metrics.get("pifleet.ingest.key.lookups").tag("result", "found").counter().count();
    }

    private double unknownKeyLookups() {
        return metrics.get("pifleet.ingest.key.lookups").tag("result", "unknown").counter().count();
    }

    private static Response heartbeat(String authorization) {
        return given().header("Authorization", authorization).when().post("/api/device/heartbeat");
    }
}
