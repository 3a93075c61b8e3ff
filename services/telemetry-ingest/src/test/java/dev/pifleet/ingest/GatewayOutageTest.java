package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.FreePort;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Devices never need a session: with the auth-gateway unreachable the ingest stays ready and stores readings. */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
@TestProfile(GatewayOutageTest.AuthGatewayDown.class)
class GatewayOutageTest {

    public static class AuthGatewayDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A port nothing listens on: every call to the gateway fails to connect.
            return Map.of("pifleet.auth-gateway.url", "http://127.0.0.1:" + FreePort.find());
        }
    }

    @Inject
    ParseClient parse;

    @Test
    void readyAndStoringReadingsWhileOwnersReadsAnswer503() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));

        given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("parse-server")).body("checks.name", not(hasItem("auth-gateway")));
        given().header("Authorization", device.authorization()).contentType(ContentType.JSON)
                .body("{\"sensors\": {\"temperature\": 21.5}}")
                .when().post("/api/device/data")
                .then().statusCode(200).body("accepted", equalTo(1));
        given().header("Authorization", device.authorization())
                .when().post("/api/device/heartbeat")
                .then().statusCode(200).body("deviceId", equalTo(device.deviceId()));
        given().header("x-session-token", device.owner().sessionToken())
                .when().get("/api/readings/" + device.deviceId())
                .then().statusCode(503).body("error", equalTo("backend_unavailable"));
    }
}
