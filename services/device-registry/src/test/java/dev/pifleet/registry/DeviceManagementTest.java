package dev.pifleet.registry;

import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.devicesWithKeyHash;
import static dev.pifleet.registry.TestDevices.heardFrom;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static dev.pifleet.registry.TestDevices.register;
import static dev.pifleet.registry.TestDevices.row;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.testing.SensorLogRows;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import dev.pifleet.registry.TestUsers.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class DeviceManagementTest {

    @Inject
    ParseClient parse;

    @Test
    void listShowsOnlyOwnDevicesNewestLastSeenFirstNeverSeenLast() {
        TestUser alice = TestUsers.signUp();
        TestUser bob = TestUsers.signUp();
        String neverSeen = newDeviceId();
        String seenAnHourAgo = newDeviceId();
        String seenAMinuteAgo = newDeviceId();
        String bobsDevice = newDeviceId();
        claim(alice.sessionToken(), neverSeen);
        claim(alice.sessionToken(), seenAnHourAgo);
        claim(alice.sessionToken(), seenAMinuteAgo);
        claim(bob.sessionToken(), bobsDevice);
        Instant now = Instant.now();
        heardFrom(parse, seenAnHourAgo, now.minus(Duration.ofHours(1)));
        heardFrom(parse, seenAMinuteAgo, now.minus(Duration.ofMinutes(1)));
        heardFrom(parse, bobsDevice, now);

        as(alice).when().get("/api/devices")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("devices.deviceId", contains(seenAMinuteAgo, seenAnHourAgo, neverSeen))
                .body("devices.status", contains("offline", "offline", "never_seen"))
                .body("devices[2].lastSeen", nullValue())
                .body("devices[0].lastSeen", notNullValue())
                .body("devices[0].createdAt", notNullValue())
                .body("devices[0]", not(hasKey("apiKeyHash")))
                .body("devices[0]", not(hasKey("owner")));
    }

    @Test
    void ownerCanReadRenameAndRotateTheirDevice() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        String oldKey = claim(alice.sessionToken(), deviceId);

        as(alice).when().get("/api/devices/" + deviceId)
                .then().statusCode(200)
                .body("device.deviceId", equalTo(deviceId))
                .body("device.name", equalTo("Test Pi"))
                .body("device.status", equalTo("never_seen"))
                .body("device", not(hasKey("apiKeyHash")));

        as(alice).contentType(ContentType.JSON).body(Map.of("name", "Garage Pi ☀"))
                .when().patch("/api/devices/" + deviceId)
                .then().statusCode(200).body("device.name", equalTo("Garage Pi ☀"));
        assertThat(row(parse, deviceId).getString(DeviceClass.DEVICE_NAME)).isEqualTo("Garage Pi ☀");

        String newKey = as(alice).when().post("/api/devices/" + deviceId + "/rotate-key")
                .then().statusCode(200).body("success", equalTo(true))
                .extract().path("apiKey");
        assertThat(newKey).isNotEqualTo(oldKey).startsWith("pfk_");
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(oldKey))).isZero();
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(newKey))).isOne();
    }

    @Test
    void anotherUsersDeviceAnswers404EverywhereAndStaysUnchanged() {
        TestUser alice = TestUsers.signUp();
        TestUser mallory = TestUsers.signUp();
        String deviceId = newDeviceId();
        String aliceKey = claim(alice.sessionToken(), deviceId);
        String path = "/api/devices/" + deviceId;

        as(mallory).when().get(path).then().statusCode(404).body("error", equalTo("not_found"));
        as(mallory).contentType(ContentType.JSON).body(Map.of("name", "Hijacked"))
                .when().patch(path).then().statusCode(404).body("error", equalTo("not_found"));
        as(mallory).when().post(path + "/rotate-key")
                .then().statusCode(404).body("error", equalTo("not_found")).body("$", not(hasKey("apiKey")));
        as(mallory).when().delete(path).then().statusCode(404).body("error", equalTo("not_found"));
        // The same answer as for a device that does not exist at all.
        as(mallory).when().get("/api/devices/" + newDeviceId()).then().statusCode(404).body("error", equalTo("not_found"));

        var stored = row(parse, deviceId);
        assertThat(stored.getString(DeviceClass.DEVICE_NAME)).isEqualTo("Test Pi");
        assertThat(stored.getString(DeviceClass.API_KEY_HASH)).isEqualTo(ApiKeys.hash(aliceKey));
    }

    @Test
    void deletedDeviceLosesItsKeyAndCanBeClaimedByAnotherUser() {
        TestUser alice = TestUsers.signUp();
        TestUser bob = TestUsers.signUp();
        String deviceId = newDeviceId();
        String aliceKey = claim(alice.sessionToken(), deviceId);

        as(alice).when().delete("/api/devices/" + deviceId).then().statusCode(200).body("success", equalTo(true));

        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(aliceKey))).isZero();
        as(alice).when().get("/api/devices/" + deviceId).then().statusCode(404);
        register(bob.sessionToken(), deviceId, "Second-hand Pi").statusCode(201);
        assertThat(row(parse, deviceId).getPointerId(DeviceClass.OWNER)).isEqualTo(bob.userId());
    }

    @Test
    void purgeDeletesTheDevicesReadingsInTheBackground() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        String key = claim(alice.sessionToken(), deviceId);
        Pointer device = new Pointer(DeviceClass.NAME, row(parse, deviceId).objectId());
        storeReadings(alice, device, 120);

        as(alice).when().delete("/api/devices/" + deviceId + "?purge=true").then().statusCode(200);

        // At once: gone from the owner's list, its key dead, its deviceId free for a new claim.
        as(alice).when().get("/api/devices/" + deviceId).then().statusCode(404);
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(key))).isZero();
        assertThat(parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                .equalTo(DeviceClass.DEVICE_ID, deviceId))).isEmpty();
        // Soon: every reading, then the row itself.
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(readingsOf(device)).isZero();
            assertThat(parse.count(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                    .equalTo("objectId", device.objectId()))).isZero();
        });
        claim(alice.sessionToken(), deviceId);
    }

    @Test
    void deleteWithoutPurgeKeepsReadingsOutOfReachOfTheNextOwner() {
        TestUser alice = TestUsers.signUp();
        TestUser bob = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        Pointer oldDevice = new Pointer(DeviceClass.NAME, row(parse, deviceId).objectId());
        storeReadings(alice, oldDevice, 3);

        as(alice).when().delete("/api/devices/" + deviceId).then().statusCode(200);
        claim(bob.sessionToken(), deviceId);

        assertThat(readingsOf(oldDevice)).isEqualTo(3);
        assertThat(row(parse, deviceId).objectId()).isNotEqualTo(oldDevice.objectId());
        assertThat(readingsOf(new Pointer(DeviceClass.NAME, row(parse, deviceId).objectId()))).isZero();
    }

    @Test
    void loggedOutSessionIsRefusedOnceItsCachedCheckExpires() {
        TestUser alice = TestUsers.signUp();
        as(alice).when().get("/api/devices").then().statusCode(200);

        given().baseUri("http://127.0.0.1").port(AuthGatewayTestResource.authGateway().port())
                .header("x-session-token", alice.sessionToken())
                .when().post("/api/auth/logout").then().statusCode(200);

        // The test profile caches a positive check for 1 s; production for 5 s.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as(alice).when().get("/api/devices").then().statusCode(401).body("error", equalTo("invalid_session")));
    }

    private static RequestSpecification as(TestUser user) {
        return given().header("x-session-token", user.sessionToken());
    }

    /** Readings as the telemetry-ingest stores them. */
    private void storeReadings(TestUser owner, Pointer device, int count) {
        List<BatchOperation> creates = new ArrayList<>();
        Instant start = Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i < count; i++) {
            creates.add(BatchOperation.create(SensorLogRows.NAME, ParseFields.create()
                    .set(SensorLogRows.DEVICE, device)
                    .set(SensorLogRows.TIMESTAMP, start.plusSeconds(i))
                    .setObject(SensorLogRows.DATA, Map.of("temperature", 20.5 + i))
                    .set(SensorLogRows.READING_ID, UUID.randomUUID().toString())
                    .acl(ParseAcl.ownerReadOnly(owner.userId()))));
        }
        for (int from = 0; from < count; from += 50) {
            assertThat(parse.batch(ParseAuth.master(), creates.subList(from, Math.min(count, from + 50))))
                    .allMatch(result -> result.succeeded());
        }
        assertThat(readingsOf(device)).isEqualTo(count);
    }

    private long readingsOf(Pointer device) {
        return parse.count(ParseAuth.master(), ParseQuery.of(SensorLogRows.NAME).equalTo(SensorLogRows.DEVICE, device));
    }
}
