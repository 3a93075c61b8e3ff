package dev.pifleet.registry;

import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.registry.TestUsers.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Personal API tokens through the real auth-gateway: each scope opens what it names and nothing else. */
@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class ApiTokenScopeTest {

    @Test
    void aReadTokenReadsButChangesNothingAndCannotPair() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        String read = TestUsers.token(alice, "read");

        bearer(read).get("/api/devices").then().statusCode(200).body("devices[0].deviceId", equalTo(deviceId));
        bearer(read).get("/api/devices/" + deviceId).then().statusCode(200);
        bearer(read).get("/api/devices/" + deviceId + "/config").then().statusCode(200);
        bearer(read).get("/api/devices/" + deviceId + "/commands").then().statusCode(200);

        bearer(read).contentType(ContentType.JSON).body(Map.of("name", "renamed"))
                .patch("/api/devices/" + deviceId).then().statusCode(403).body("error", equalTo("insufficient_scope"));
        bearer(read).contentType(ContentType.JSON).body(Map.of("uploadBatchSize", 100))
                .patch("/api/devices/" + deviceId + "/config").then().statusCode(403);
        bearer(read).contentType(ContentType.JSON).body(Map.of("name", "upload-now"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(403);
        bearer(read).post("/api/devices/" + deviceId + "/rotate-key").then().statusCode(403);
        bearer(read).delete("/api/devices/" + deviceId).then().statusCode(403);
        bearer(read).contentType(ContentType.JSON).body(Map.of("deviceId", newDeviceId()))
                .post("/api/device/register").then().statusCode(403).body("error", equalTo("session_required"));
        bearer(read).contentType(ContentType.JSON).body(Map.of("code", "ABCD-EFGH"))
                .post("/api/devices/claim").then().statusCode(403).body("error", equalTo("session_required"));
    }

    @Test
    void aDevicesTokenChangesDevicesButCannotRead() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        String devices = TestUsers.token(alice, "devices");

        bearer(devices).contentType(ContentType.JSON).body(Map.of("name", "greenhouse"))
                .patch("/api/devices/" + deviceId).then().statusCode(200).body("device.name", equalTo("greenhouse"));
        bearer(devices).contentType(ContentType.JSON).body(Map.of("name", "upload-now"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(201);
        bearer(devices).get("/api/devices").then().statusCode(403).body("error", equalTo("insufficient_scope"));
    }

    @Test
    void anotherUsersDeviceIsNotFoundForAToken() {
        TestUser alice = TestUsers.signUp();
        TestUser bob = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);

        String bobs = TestUsers.token(bob, "read", "devices");
        bearer(bobs).get("/api/devices/" + deviceId).then().statusCode(404);
        bearer(bobs).contentType(ContentType.JSON).body(Map.of("name", "mine"))
                .patch("/api/devices/" + deviceId).then().statusCode(404);
    }

    @Test
    void aRevokedTokenIsRefusedWithinTheCacheBound() {
        TestUser alice = TestUsers.signUp();
        String read = TestUsers.token(alice, "read");
        bearer(read).get("/api/devices").then().statusCode(200);

        String id = given().baseUri("http://127.0.0.1").port(AuthGatewayTestResource.authGateway().port())
                .header("x-session-token", alice.sessionToken()).get("/api/tokens")
                .then().statusCode(200).extract().path("tokens[0].id");
        given().baseUri("http://127.0.0.1").port(AuthGatewayTestResource.authGateway().port())
                .header("x-session-token", alice.sessionToken()).delete("/api/tokens/" + id).then().statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> bearer(read).get("/api/devices").statusCode() == 401);
        bearer(read).get("/api/devices").then().statusCode(401).body("error", equalTo("invalid_session"));
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
