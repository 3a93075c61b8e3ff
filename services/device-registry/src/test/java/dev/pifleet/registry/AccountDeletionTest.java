package dev.pifleet.registry;

import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseConfig;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * DELETE /api/auth/me through the real auth-gateway, with this registry's purge job finishing the work: afterwards no
 * row of any class names the user, their email, their device or its deviceId (read with the master key, class by
 * class, from Parse's own schema list), except the two documented key-retirement records.
 */
@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class AccountDeletionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kept a day on purpose (docs/security.md, "Deleting an account"): a device's objectId and a number, no more. */
    private static final List<String> KEY_RETIREMENT_CLASSES = List.of("DeviceKeyChange", "OnceKey");

    @Inject
    ParseClient parse;

    @Inject
    ParseConfig parseConfig;

    @Test
    void aDeletedAccountLeavesNoRowInAnyClassAndItsSharesAndKeysAreGone() throws Exception {
        TestUser alice = TestUsers.signUp();
        TestUser bob = TestUsers.signUp();
        TestUser carol = TestUsers.signUp();
        String deviceId = newDeviceId();
        String apiKey = claim(alice.sessionToken(), deviceId);
        String objectId = TestDevices.row(parse, deviceId).objectId();
        String carolsDevice = newDeviceId();
        claim(carol.sessionToken(), carolsDevice);
        DeviceSharingTest.share(alice, deviceId, bob.email(), "viewer").statusCode(201);
        DeviceSharingTest.share(carol, carolsDevice, alice.email(), "operator").statusCode(201);
        String token = TestUsers.token(alice, "read");
        arrangeRowsOfEveryKind(alice, deviceId, objectId);
        List<String> traces = List.of(alice.userId(), alice.email(), deviceId, objectId);
        // The scan sees the user everywhere before, so its silence afterwards means something.
        assertThat(rowsNaming(traces, null).stream().map(row -> row.substring(0, row.indexOf(':'))).distinct())
                .contains("_User", "_Session", "Device", "SensorLog", "DeviceConfig", "FleetCommand", "DeviceShare",
                        "AlertRule", "Alert", "AlertDelivery", "ApiToken", "AccountLink");

        given().baseUri(AuthGatewayTestResource.authGateway().url()).header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON).body(Map.of("password", "correct horse battery"))
                .delete("/api/auth/me").then().statusCode(403).body("error", equalTo("session_required"));
        gateway(alice).contentType(ContentType.JSON).body(Map.of("password", "wrong one"))
                .delete("/api/auth/me").then().statusCode(403).body("error", equalTo("wrong_password"));
        as(alice).get("/api/devices/" + deviceId).then().statusCode(200);

        gateway(alice).contentType(ContentType.JSON).body(Map.of("password", "correct horse battery"))
                .delete("/api/auth/me").then().statusCode(200).body("success", equalTo(true));

        gateway(alice).get("/api/auth/me").then().statusCode(401);
        given().baseUri(AuthGatewayTestResource.authGateway().url()).contentType(ContentType.JSON)
                .body(Map.of("email", alice.email(), "password", "correct horse battery"))
                .post("/api/auth/login").then().statusCode(401);
        as(bob).get("/api/devices/" + deviceId).then().statusCode(404);
        assertThat(TestDevices.devicesWithKeyHash(parse, dev.pifleet.device.ApiKeys.hash(apiKey))).isZero();
        // A new account with the same email inherits nothing that was shared with the old one.
        TestUser again = TestUsers.signUp(alice.email());
        as(again).get("/api/devices/" + carolsDevice).then().statusCode(404);

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(rowsNaming(traces, again.userId())).isEmpty());
    }

    /** A row of each class that holds a user's data, as the services write them. */
    @Test
    void eightDeletionsOfOneAccountAtOnceDeleteItOnceAndNoneFails() throws Exception {
        for (int round = 0; round < 3; round++) {
            TestUser user = TestUsers.signUp();
            String deviceId = newDeviceId();
            claim(user.sessionToken(), deviceId);
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    pool.submit(() -> {
                        start.await();
                        statuses.add(gateway(user).contentType(ContentType.JSON)
                                .body(Map.of("password", "correct horse battery")).delete("/api/auth/me").statusCode());
                        return null;
                    });
                }
                start.countDown();
            }
            // Each answer is a success (deletion is idempotent), the refusal of a session or account already gone, or
            // the login throttle that every password check goes through (429); never a 5xx.
            assertThat(statuses).as("round %d", round).hasSize(8)
                    .allMatch(status -> status == 200 || status == 401 || status == 403 || status == 429).contains(200);
            gateway(user).get("/api/auth/me").then().statusCode(401);
            given().baseUri(AuthGatewayTestResource.authGateway().url()).contentType(ContentType.JSON)
                    .body(Map.of("email", user.email(), "password", "correct horse battery"))
                    .post("/api/auth/login").then().statusCode(401);
            assertThat(parse.find(ParseAuth.master(), ParseQuery.of("_User").equalTo("email", user.email())))
                    .as("round %d: the user row", round).isEmpty();
        }
    }

    private void arrangeRowsOfEveryKind(TestUser alice, String deviceId, String objectId) {
        Pointer owner = Pointer.user(alice.userId());
        Pointer device = new Pointer("Device", objectId);
        parse.create(ParseAuth.master(), "SensorLog", ParseFields.create().set("device", device)
                .set("timestamp", Instant.now()).setObject("data", Map.of("t", 20)).set("readingId", "r1")
                .acl(ParseAcl.ownerReadOnly(alice.userId())));
        as(alice).contentType(ContentType.JSON).body(Map.of("uploadBatchSize", 100))
                .patch("/api/devices/" + deviceId + "/config").then().statusCode(200);
        as(alice).contentType(ContentType.JSON).body(Map.of("name", "upload-now"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(201);
        String rule = parse.create(ParseAuth.master(), "AlertRule", ParseFields.create().set("owner", owner)
                .set("device", device).set("deviceId", deviceId).set("kind", "offline").set("forSeconds", 600)
                .set("email", true).acl(ParseAcl.masterOnly())).objectId();
        parse.create(ParseAuth.master(), "Alert", ParseFields.create().set("rule", new Pointer("AlertRule", rule))
                .set("owner", owner).set("device", device).set("deviceId", deviceId).set("kind", "offline")
                .set("state", "open").set("openedAt", Instant.now()).set("episode", rule + ":1")
                .acl(ParseAcl.masterOnly()));
        String delivery = parse.create(ParseAuth.master(), "AlertDelivery", ParseFields.create()
                .set("key", rule + ":1:opened:email").set("episode", rule + ":1")
                .set("rule", new Pointer("AlertRule", rule)).set("owner", owner).set("event", "opened")
                .set("channel", "email").set("status", "sent").acl(ParseAcl.masterOnly())).objectId();
        parse.create(ParseAuth.master(), "AlertAttempt", ParseFields.create().set("key", delivery + ":1")
                .set("delivery", new Pointer("AlertDelivery", delivery)).acl(ParseAcl.masterOnly()));
        given().baseUri(AuthGatewayTestResource.authGateway().url()).contentType(ContentType.JSON)
                .body(Map.of("email", alice.email())).post("/api/auth/password-reset").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parse.count(ParseAuth.master(),
                ParseQuery.of("AccountLink").equalTo("user", owner)) >= 1);
    }

    /** Every row of every class (master key) that contains one of the traces, as "Class: row". */
    private List<String> rowsNaming(List<String> traces, String allowedUserId) throws Exception {
        List<String> found = new ArrayList<>();
        JsonNode schemas = JSON.readTree(parseRequest().get(parseConfig.url() + "/schemas").then().statusCode(200)
                .extract().asString());
        assertThat(schemas.path("results").size()).as("Parse's classes").isGreaterThan(10);
        for (JsonNode schema : schemas.path("results")) {
            String className = schema.path("className").asText();
            if (KEY_RETIREMENT_CLASSES.contains(className)) {
                continue;
            }
            JsonNode rows = JSON.readTree(parseRequest().queryParam("limit", 1000)
                    .get(parseConfig.url() + "/classes/" + className).then().statusCode(200).extract().asString());
            for (JsonNode row : rows.path("results")) {
                String text = row.toString();
                if (allowedUserId != null && text.contains(allowedUserId)) {
                    continue; // the new account with the same email, made after the deletion
                }
                traces.stream().filter(text::contains).findFirst()
                        .ifPresent(trace -> found.add(className + ": " + text));
            }
        }
        return found;
    }

    private RequestSpecification parseRequest() {
        return given().header("X-Parse-Application-Id", parseConfig.appId())
                .header("X-Parse-Master-Key", parseConfig.masterKey());
    }

    private static RequestSpecification gateway(TestUser user) {
        return given().baseUri(AuthGatewayTestResource.authGateway().url()).header("x-session-token", user.sessionToken());
    }

    private static RequestSpecification as(TestUser user) {
        return given().header("x-session-token", user.sessionToken());
    }
}
