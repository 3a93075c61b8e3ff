package dev.pifleet.alerting;

import static io.restassured.RestAssured.given;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.device.DeviceClass;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.Pointer;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Real users (signed up through the real auth-gateway) and devices arranged in Parse as the registry stores them. */
final class TestFleet {

    record TestUser(String userId, String email, String sessionToken) {
    }

    record TestDevice(String objectId, String deviceId, String apiKey, TestUser owner) {
    }

    private TestFleet() {
    }

    static TestUser signUp() {
        String email = "owner-" + UUID.randomUUID() + "@example.test";
        var answer = given().baseUri(SharedServices.authGateway().url())
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse battery"))
                .when().post("/api/auth/signup")
                .then().statusCode(201)
                .extract().jsonPath();
        return new TestUser(answer.getString("userId"), email, answer.getString("sessionToken"));
    }

    static TestDevice newDevice(ParseClient parse, TestUser owner, String name, Instant lastSeen) {
        String apiKey = ApiKeys.generate();
        String deviceId = "pi-" + UUID.randomUUID();
        ParseFields fields = ParseFields.create()
                .set(DeviceClass.DEVICE_ID, deviceId)
                .set(DeviceClass.DEVICE_NAME, name)
                .set(DeviceClass.OWNER, Pointer.user(owner.userId()))
                .set(DeviceClass.API_KEY_HASH, ApiKeys.hash(apiKey))
                .acl(ParseAcl.ownerReadWrite(owner.userId()));
        if (lastSeen != null) {
            fields.set(DeviceClass.LAST_SEEN, lastSeen);
        }
        String objectId = parse.create(ParseAuth.master(), DeviceClass.NAME, fields).objectId();
        return new TestDevice(objectId, deviceId, apiKey, owner);
    }

    /** Sends one reading through a real ingest and expects it stored. */
    static void send(QuarkusAppProcess ingest, TestDevice device, Instant at, Map<String, Object> sensors) {
        given().baseUri(ingest.url()).header("Authorization", "Device " + device.apiKey())
                .contentType(ContentType.JSON)
                .body(Map.of("readings", List.of(Map.of("id", UUID.randomUUID().toString(), "timestamp", at.toString(),
                        "sensors", sensors))))
                .when().post("/api/device/data")
                .then().statusCode(200);
    }

    /** When the ingest last finished loading the threshold rules (its pifleet.alerts.rules.refreshed.at gauge). */
    static long rulesRefreshedAt(QuarkusAppProcess ingest) {
        String metrics = given().baseUri(ingest.url()).when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("pifleet_alerts_rules_refreshed_at"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).mapToLong(value -> (long) Double.parseDouble(value))
                .findFirst().orElse(0);
    }

    /** The ingest's rule passes of one kind so far: "full" or "changes". */
    static double rulePasses(QuarkusAppProcess ingest, String kind) {
        String metrics = given().baseUri(ingest.url()).when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("pifleet_alerts_rules_passes_total{") && line.contains("pass=\"" + kind + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
