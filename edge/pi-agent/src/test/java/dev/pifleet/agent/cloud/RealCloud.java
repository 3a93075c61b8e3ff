package dev.pifleet.agent.cloud;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The real cloud of {@link RealCloudResource} as the tests use it: its URLs, a new user, a device's stored readings.
 * The URLs are looked up at run time: an injected {@code @ConfigProperty} would be required by every other test app.
 */
final class RealCloud {

    private RealCloud() {
    }

    static String gatewayUrl() {
        return setting("pifleet.test.gateway-url");
    }

    static String registryUrl() {
        return setting("pifleet.test.registry-url");
    }

    static String ingestUrl() {
        return setting("pifleet.test.ingest-url");
    }

    /** Signs up a new user through the gateway; returns the session token. */
    static String signUp() {
        return signUp(gatewayUrl());
    }

    static String signUp(String gatewayUrl) {
        return given().baseUri(gatewayUrl).contentType(ContentType.JSON)
                .body(Map.of("email", "pi-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"))
                .post("/api/auth/signup").then().statusCode(201).extract().path("sessionToken");
    }

    /** The ids of every stored reading of the device. */
    static List<String> storedIds(String session, String deviceId) {
        return stored(ingestUrl(), session, deviceId).stream().map(reading -> (String) reading.get("id")).toList();
    }

    /** Every stored reading of the device ({@code id}, {@code timestamp}, {@code sensors}), following the cursor. */
    static List<Map<String, Object>> stored(String ingestUrl, String session, String deviceId) {
        List<Map<String, Object>> readings = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().baseUri(ingestUrl).header("x-session-token", session).queryParam("limit", 1000);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/readings/" + deviceId).then().statusCode(200).extract().jsonPath();
            readings.addAll(page.getList("readings"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return readings;
    }

    private static String setting(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
