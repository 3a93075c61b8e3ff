package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Devices claimed through the real device-registry, as a user does it. */
@QuarkusTest
@WithTestResource(FleetServicesTestResource.class)
class RegistryIntegrationTest {

    /** The key cache's TTL (5 s) plus generous slack for a loaded machine; polling ends as soon as it holds. */
    private static final Duration CACHE_BOUND_WITH_SLACK = Duration.ofSeconds(20);

    @Inject
    ParseClient parse;

    @Test
    void heartbeatFlipsANewDeviceOnlineAndTheRegistryShowsIt() {
        ParseUser owner = TestFleet.newUser(parse);
        String deviceId = "pi-" + UUID.randomUUID();
        String apiKey = register(owner, deviceId);
        assertThat(registryStatus(owner, deviceId)).isEqualTo("never_seen");

        given().header("Authorization", "Device " + apiKey)
                .when().post("/api/device/heartbeat")
                .then().statusCode(200).body("deviceId", org.hamcrest.Matchers.equalTo(deviceId));

        assertThat(registryStatus(owner, deviceId)).isEqualTo("online");
    }

    @Test
    void keyRotatedThroughTheRegistryIsRefusedWithinTheCacheBound() {
        ParseUser owner = TestFleet.newUser(parse);
        String deviceId = "pi-" + UUID.randomUUID();
        String oldKey = register(owner, deviceId);
        assertThat(heartbeatStatus(oldKey)).isEqualTo(200);

        String newKey = given().header("x-session-token", owner.sessionToken())
                .when().post(FleetServicesTestResource.deviceRegistry().url() + "/api/devices/" + deviceId + "/rotate-key")
                .then().statusCode(200).extract().jsonPath().getString("apiKey");

        assertThat(heartbeatStatus(newKey)).isEqualTo(200);
        await().atMost(CACHE_BOUND_WITH_SLACK).until(() -> heartbeatStatus(oldKey) == 401);
    }

    private static String register(ParseUser owner, String deviceId) {
        return given().header("x-session-token", owner.sessionToken()).contentType(ContentType.JSON)
                .body(Map.of("deviceId", deviceId, "deviceName", "kitchen pi"))
                .when().post(FleetServicesTestResource.deviceRegistry().url() + "/api/device/register")
                .then().statusCode(201).extract().jsonPath().getString("apiKey");
    }

    private static String registryStatus(ParseUser owner, String deviceId) {
        JsonPath devices = given().header("x-session-token", owner.sessionToken())
                .when().get(FleetServicesTestResource.deviceRegistry().url() + "/api/devices")
                .then().statusCode(200).extract().jsonPath();
        return devices.getString("devices.find { it.deviceId == '" + deviceId + "' }.status");
    }

    private static int heartbeatStatus(String apiKey) {
        return given().header("Authorization", "Device " + apiKey).when().post("/api/device/heartbeat").statusCode();
    }
}
