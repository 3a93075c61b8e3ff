package dev.pifleet.registry;

import static io.restassured.RestAssured.given;

import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Arranging devices: through the registry's API as a user would, and directly in Parse with the master key. */
final class TestDevices {

    private TestDevices() {
    }

    static String newDeviceId() {
        return "pi-" + UUID.randomUUID();
    }

    static ValidatableResponse register(String sessionToken, String deviceId, String deviceName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceId", deviceId);
        if (deviceName != null) {
            body.put("deviceName", deviceName);
        }
        return given().header("x-session-token", sessionToken).contentType(ContentType.JSON).body(body)
                .when().post("/api/device/register")
                .then();
    }

    /** Registers a new device and returns its API key. */
    static String claim(String sessionToken, String deviceId) {
        return register(sessionToken, deviceId, "Test Pi").statusCode(201).extract().path("apiKey");
    }

    static ParseObject row(ParseClient parse, String deviceId) {
        return parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME).equalTo(DeviceClass.DEVICE_ID, deviceId))
                .orElseThrow(() -> new AssertionError("no Device row for " + deviceId));
    }

    static long devicesWithKeyHash(ParseClient parse, String apiKeyHash) {
        return parse.count(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME).equalTo(DeviceClass.API_KEY_HASH, apiKeyHash));
    }

    /** What the telemetry-ingest writes when it hears from a device. */
    static void heardFrom(ParseClient parse, String deviceId, Instant lastSeen) {
        parse.update(ParseAuth.master(), DeviceClass.NAME, row(parse, deviceId).objectId(), ParseFields.create()
                .set(DeviceClass.STATUS, "online")
                .set(DeviceClass.LAST_SEEN, lastSeen));
    }
}
