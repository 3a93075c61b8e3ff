package dev.pifleet.registry;

import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static dev.pifleet.registry.TestDevices.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import dev.pifleet.registry.TestUsers.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class HealthTest {

    @Test
    void readyWhileParseServerAndAuthGatewayAnswer() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("parse-server", "auth-gateway"));
    }

    @Test
    void openApiDescribesEveryDeviceEndpoint() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/device/register"))
                .body("paths", hasKey("/api/devices"))
                .body("paths", hasKey("/api/devices/{deviceId}"))
                .body("paths", hasKey("/api/devices/{deviceId}/rotate-key"));
    }

    @Test
    void metricsCountRegistrationsRotationsAndRefusals() {
        TestUser alice = TestUsers.signUp();
        TestUser bob = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        register(alice.sessionToken(), deviceId, null).statusCode(200);
        register(bob.sessionToken(), deviceId, null).statusCode(409);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("pifleet_devices_registered_total"))
                .body(containsString("pifleet_device_keys_rotated_total"))
                .body(containsString("pifleet_device_claims_refused_total"));
    }

    @Test
    void webUiOriginMayCallTheApiFromTheBrowser() {
        given().header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "content-type,x-session-token")
                .when().options("/api/devices/pi-1234")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:8080")
                .header("Access-Control-Allow-Methods", containsString("PATCH"))
                .header("Access-Control-Allow-Headers", containsString("x-session-token"));
    }

    @Test
    void otherOriginsAreNotAllowed() {
        given().header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "DELETE")
                .when().options("/api/devices/pi-1234")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
