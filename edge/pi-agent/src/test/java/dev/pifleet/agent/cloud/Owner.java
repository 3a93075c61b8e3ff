package dev.pifleet.agent.cloud;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.pifleet.testing.SharedServices;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A new user of the real cloud, doing what the web UI does for them: pairing, fleet control, their readings. */
final class Owner {

    private final String session;

    private Owner(String session) {
        this.session = session;
    }

    static Owner signUp() {
        return new Owner(RealCloud.signUp(SharedServices.authGateway().url()));
    }

    /** The seed's pairing: claims the deviceId and returns the key to hand to the Pi. */
    String claimByDeviceId(String deviceId) {
        return registry().contentType(ContentType.JSON).body(Map.of("deviceId", deviceId, "deviceName", "Pi"))
                .post("/api/device/register").then().statusCode(201).extract().path("apiKey");
    }

    /** Pairing by claim code: claims the code the running agent shows, then waits until the agent has its key. */
    void claimByCode(AgentProcess agent) {
        String code = await().atMost(Duration.ofSeconds(60)).until(agent::claimCode, shown -> shown != null);
        registry().contentType(ContentType.JSON).body(Map.of("code", code, "deviceName", "Pi"))
                .post("/api/devices/claim").then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> device(agent.deviceId()).getString("device.status"),
                "online"::equals);
    }

    /** Unpairs the device in the cloud (its row and key go); the Pi finds out at its next call. */
    void unpair(String deviceId) {
        registry().delete("/api/devices/" + deviceId).then().statusCode(200);
    }

    JsonPath device(String deviceId) {
        return registry().get("/api/devices/" + deviceId).then().statusCode(200).extract().jsonPath();
    }

    JsonPath config(String deviceId) {
        return registry().get("/api/devices/" + deviceId + "/config").then().statusCode(200).extract().jsonPath();
    }

    /** PATCH of the desired config; returns the new version. */
    long changeConfig(String deviceId, Map<String, Object> change) {
        return registry().contentType(ContentType.JSON).body(change).patch("/api/devices/" + deviceId + "/config")
                .then().statusCode(200).extract().jsonPath().getLong("desired.version");
    }

    /** Queues a command; returns its id. */
    String queue(String deviceId, String name) {
        return queue(deviceId, name, null);
    }

    JsonPath queueWithTtl(String deviceId, String name, long ttlSeconds) {
        return registry().contentType(ContentType.JSON).body(Map.of("name", name, "ttlSeconds", ttlSeconds))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(201).extract().jsonPath();
    }

    private String queue(String deviceId, String name, Long ttlSeconds) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name));
        if (ttlSeconds != null) {
            body.put("ttlSeconds", ttlSeconds);
        }
        return registry().contentType(ContentType.JSON).body(body).post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(201).extract().path("command.id");
    }

    JsonPath command(String deviceId, String commandId) {
        return registry().get("/api/devices/" + deviceId + "/commands/" + commandId).then().statusCode(200)
                .extract().jsonPath();
    }

    /** The command once it has finished (succeeded or failed); fails after the bound. */
    JsonPath finished(String deviceId, String commandId, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> command(deviceId, commandId), command -> List.of("succeeded", "failed")
                        .contains(command.getString("command.state")));
    }

    List<Map<String, Object>> readings(String deviceId) {
        return RealCloud.stored(SharedServices.telemetryIngest().url(), session, deviceId);
    }

    List<String> readingIds(String deviceId) {
        return readings(deviceId).stream().map(reading -> (String) reading.get("id")).toList();
    }

    /** The stored readings' timestamps after {@code since}, oldest first. */
    List<Instant> readingTimesAfter(String deviceId, Instant since) {
        return readings(deviceId).stream().map(reading -> Instant.parse((String) reading.get("timestamp")))
                .filter(time -> time.isAfter(since)).sorted().toList();
    }

    private RequestSpecification registry() {
        return given().baseUri(SharedServices.deviceRegistry().url()).header("x-session-token", session);
    }
}
